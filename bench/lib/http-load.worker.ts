import { parentPort, workerData } from 'node:worker_threads';
import { closedLoop } from './measure';

/** Load generator on its own thread, so the client does not share the server's event loop. */
interface Job {
  url: string;
  bodies: string[];
  concurrency: number;
  durationMs: number;
}

const job = workerData as Job;
closedLoop(job.concurrency, job.durationMs, async (i) => {
  const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: job.bodies[i % job.bodies.length] });
  const body = (await res.json()) as { errors?: unknown; data?: { searchOfferings?: { totalCount: number } } };
  return res.status === 200 && !body.errors && typeof body.data?.searchOfferings?.totalCount === 'number';
}).then((f) => parentPort!.postMessage(f));
