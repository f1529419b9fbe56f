import { parentPort, workerData } from 'node:worker_threads';
import { authorizationObject, signedEvent } from '../../libs/testing/src/fake-stripe';
import { closedLoop } from './measure';

/** Sends signed issuing_authorization.request webhooks from its own thread. */
interface Job {
  url: string;
  secret: string;
  cardId: string;
  pence: number;
  concurrency: number;
  durationMs: number;
}

const job = workerData as Job;
let approved = 0;
closedLoop(job.concurrency, job.durationMs, async () => {
  const event = signedEvent('issuing_authorization.request', authorizationObject(job.cardId, job.pence), job.secret);
  const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': event.header }, body: event.payload });
  const body = (await res.json()) as { approved?: boolean };
  if (body.approved) approved++;
  return res.status === 200 && typeof body.approved === 'boolean';
}).then((figures) => parentPort!.postMessage({ ...figures, approved }));
