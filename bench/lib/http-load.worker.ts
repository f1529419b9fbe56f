import { parentPort, workerData } from 'node:worker_threads';
import { closedLoop } from './measure';

/** Load generator on its own thread, so the client does not share the server's event loop. */
interface Job {
  url: string;
  /** POST bodies, sent in turn; none means GET. */
  bodies?: string[];
  concurrency: number;
  durationMs: number;
  /** The status every answer must have; 200 answers must also carry no GraphQL errors. */
  expectStatus?: number;
  /** Sent with every request: a session cookie for a page, a bearer token for GraphQL. */
  headers?: Record<string, string>;
  /** A page answers HTML, which must be the whole page; otherwise JSON. */
  html?: boolean;
  /** A download (CSV, SVG): its text must end with this. */
  endsWith?: string;
}

const job = workerData as Job;
void closedLoop(job.concurrency, job.durationMs, async (i) => {
  const body = job.bodies?.[i % job.bodies.length];
  const headers = { ...job.headers, ...(body ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(job.url, body ? { method: 'POST', headers, body } : { headers });
  const tail = job.html ? '</html>' : job.endsWith;
  if (tail !== undefined) return res.status === (job.expectStatus ?? 200) && (await res.text()).trimEnd().endsWith(tail);
  const answer = (await res.json()) as { errors?: unknown };
  return res.status === (job.expectStatus ?? 200) && (res.status !== 200 || !answer.errors);
}).then((f) => parentPort!.postMessage(f));
