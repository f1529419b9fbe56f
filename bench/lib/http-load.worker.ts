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
}

const job = workerData as Job;
void closedLoop(job.concurrency, job.durationMs, async (i) => {
  const body = job.bodies?.[i % job.bodies.length];
  const res = await fetch(job.url, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body } : {});
  const answer = (await res.json()) as { errors?: unknown };
  return res.status === (job.expectStatus ?? 200) && (res.status !== 200 || !answer.errors);
}).then((f) => parentPort!.postMessage(f));
