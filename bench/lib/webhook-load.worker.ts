import { parentPort, workerData } from 'node:worker_threads';
import { authorizationObject, signedEvent } from '../../libs/testing/src/fake-stripe';
import { closedLoop, figures } from './measure';

/**
 * Sends signed issuing_authorization.request webhooks from its own thread: a closed loop at a
 * concurrency over one or many cards, or (`burst`) that many requests at once on the first card.
 */
interface Job {
  url: string;
  secret: string;
  cardIds: string[];
  pence: number;
  concurrency: number;
  durationMs: number;
  burst?: number;
}

const job = workerData as Job;
let approved = 0;
const send = async (i: number) => {
  const event = signedEvent(
    'issuing_authorization.request',
    authorizationObject(job.cardIds[i % job.cardIds.length], job.pence),
    job.secret,
  );
  const res = await fetch(job.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': event.header },
    body: event.payload,
  });
  const body = (await res.json()) as { approved?: boolean };
  if (body.approved) approved++;
  return res.status === 200 && typeof body.approved === 'boolean';
};

async function burst(n: number) {
  const started = performance.now();
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      const t0 = performance.now();
      if (await send(0).catch(() => false)) latencies.push(performance.now() - t0);
      else errors++;
    }),
  );
  return { ...figures(latencies, errors, (performance.now() - started) / 1000), max: Math.max(...latencies) };
}

void (job.burst ? burst(job.burst) : closedLoop(job.concurrency, job.durationMs, send)).then((f) =>
  parentPort!.postMessage({ ...f, approved }),
);
