/**
 * npm run bench:authorize — signed issuing_authorization.request webhooks against one card,
 * answered in the HTTP response as Stripe requires, at concurrency 1, 16 and 64. Every
 * request is decided under the purchase's row lock, so this measures the contended worst
 * case (one card). Prints figures; asserts nothing. BENCH_SECONDS (default 10) per run.
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { loadConfig } from '@kinwell/config';
import { createApiApp } from '../apps/api/src/create-api-app';
import { startFakeStripe } from '../libs/testing/src/fake-stripe';
import { approvedItems } from '../libs/testing/src/plan-fixtures';
import { HEADER, row } from './lib/measure';
import type { Figures } from './lib/measure';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const SECRET = 'whsec_kinwell_bench_secret';

async function main(): Promise<void> {
  log(`Kinwell authorisation benchmark: ${SECONDS} s per run, Node ${process.version}, ${cpus().length} cores`);
  const { server, url, dataSource } = await benchDatabase('kinwell_bench_auth', 1);
  await dataSource.destroy();

  const stripe = await startFakeStripe();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, DATABASE_POOL_SIZE: '8', STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE: stripe.url, SIGN_IN_MAX_FAILURES: '1000' });
  const app = await createApiApp(config, url);
  await app.listen(0, '127.0.0.1');
  const http = app.getHttpServer();
  const signIn = async (email: string) => {
    const res = await request(http).post('/graphql').send({ query: `mutation { signIn(email: "${email}", password: "correct horse battery staple") { ... on SignInSuccess { accessToken } } }` });
    return res.body.data.signIn.accessToken as string;
  };
  const fixture = await approvedItems({ app, dataSource: app.get(DataSource), signIn }, 100_000_000, [90_000_000]);
  const bought = await request(http).post('/graphql').set('authorization', `Bearer ${fixture.brokerToken}`).send({ query: `mutation($id: ID!) { buyWithCard(itemId: $id) { id } }`, variables: { id: fixture.itemIds[0] } });
  if (bought.body.errors) throw new Error(JSON.stringify(bought.body.errors));
  const [{ issuer_card_id: cardId }] = await app.get(DataSource).query('SELECT issuer_card_id FROM issued_card');
  const { port } = http.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}/webhooks/stripe`;

  const run = (concurrency: number, durationMs: number) =>
    new Promise<Figures & { approved: number }>((done, fail) => {
      const worker = new Worker(resolve(__dirname, 'lib/webhook-load.worker.js'), { workerData: { url: endpoint, secret: SECRET, cardId, pence: 100, concurrency, durationMs } });
      worker.once('message', done);
      worker.once('error', fail);
    });

  await run(4, 2000); // warm-up
  const lines: string[] = [];
  for (const c of [1, 16, 64]) {
    const f = await run(c, SECONDS * 1000);
    lines.push(`${row(`signed authorisation webhook, c=${c}`, f)}   approved ${f.approved}`);
  }
  const [{ n, approved }] = await app.get(DataSource).query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE approved)::int AS approved FROM card_authorization`);
  log('');
  log(HEADER);
  for (const line of lines) log(line);
  log('');
  log(`${n} decisions stored (${approved} approved). Aim: p99 <= 100 ms at c=64; Stripe's window is 2 s.`);
  await app.close();
  await stripe.stop();
  await server.stop();
}

runBenchmark(main);
