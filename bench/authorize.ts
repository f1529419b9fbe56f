/**
 * npm run bench:authorize — signed issuing_authorization.request webhooks, answered in the HTTP
 * response as Stripe requires: on one card at concurrency 1, 16 and 64 (every decision queues on
 * that purchase's row lock: the contended worst case), over 1,000 cards at concurrency 64 (the
 * usual case), and a burst of 1,000 requests at once on one card, whose slowest answer must be
 * inside Stripe's 2-second window. Prints figures; asserts nothing. BENCH_SECONDS (default 10) per run.
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
import { TEST_PASSWORD } from '../libs/testing/src/factories';
import { signInOverGraphql } from '../libs/testing/src/test-app';
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
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '8',
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_BASE: stripe.url,
    SIGN_IN_MAX_FAILURES: '1000',
  });
  const app = await createApiApp(config, url);
  await app.listen(0, '127.0.0.1');
  const http = app.getHttpServer();
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => ({
    data: (await request(http).post('/graphql').send({ query, variables })).body.data as T | null,
  });
  // Staff pass the fixture's second factor too.
  const signIn = async (email: string) => (await signInOverGraphql(gql, email, TEST_PASSWORD)).token;
  const fixture = await approvedItems({ app, dataSource: app.get(DataSource), signIn }, 100_000_000, [90_000_000]);
  const bought = await request(http)
    .post('/graphql')
    .set('authorization', `Bearer ${fixture.brokerToken}`)
    .send({
      query: `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      variables: { id: fixture.itemIds[0] },
    });
  if (bought.body.errors) throw new Error(JSON.stringify(bought.body.errors));
  const [{ issuer_card_id: cardId }] = await app.get(DataSource).query('SELECT issuer_card_id FROM issued_card');
  const { port } = http.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}/webhooks/stripe`;

  // 1,000 more open card purchases, written directly: a decision reads only the purchase and its card.
  const db = app.get(DataSource);
  const [template] = await db.query('SELECT budget_id, plan_id, broker_organisation_id, created_by FROM purchase_intent LIMIT 1');
  const manyCards: string[] = (
    await db.query(
      `WITH intents AS (
         INSERT INTO purchase_intent (plan_item_id, budget_id, plan_id, broker_organisation_id, method, approved_pence, tolerance_pence, authorised_pence, committed_pence, held_pence, captured_pence, status, expires_at, created_by)
         SELECT gen_random_uuid(), $1, $2, $3, 'card', 100000000, 0, 0, 100000000, 0, 0, 'open', now() + interval '30 days', $4 FROM generate_series(1, 1000)
         RETURNING id)
       INSERT INTO issued_card (issuer_card_id, issuer, intent_id, last4, exp_month, exp_year, spending_limit_pence, allowed_categories, blocked_categories, status)
       SELECT 'ic_bench_' || replace(id::text, '-', ''), 'stripe', id, '4242', 12, 2030, 100000000, '{}', '{}', 'active' FROM intents
       RETURNING issuer_card_id`,
      [template.budget_id, template.plan_id, template.broker_organisation_id, template.created_by],
    )
  ).map((r: { issuer_card_id: string }) => r.issuer_card_id);
  await db.query('ANALYZE');

  const run = (cardIds: string[], concurrency: number, durationMs: number, burst?: number) =>
    new Promise<Figures & { approved: number; max?: number }>((done, fail) => {
      const worker = new Worker(resolve(__dirname, 'lib/webhook-load.worker.js'), {
        workerData: { url: endpoint, secret: SECRET, cardIds, pence: 100, concurrency, durationMs, burst },
      });
      worker.once('message', done);
      worker.once('error', fail);
    });

  await run([cardId], 4, 2000); // warm-up
  const lines: string[] = [];
  for (const c of [1, 16, 64]) {
    const f = await run([cardId], c, SECONDS * 1000);
    lines.push(`${row(`one card, c=${c}`, f)}   approved ${f.approved}`);
  }
  const many = await run(manyCards, 64, SECONDS * 1000);
  lines.push(`${row('1,000 cards, c=64', many)}   approved ${many.approved}`);
  const burst = await run([cardId], 1000, 0, 1000);
  lines.push(`${row('one card, 1,000 requests at once', burst)}   approved ${burst.approved}, slowest ${burst.max!.toFixed(0)} ms`);
  const [{ n, approved }] = await app
    .get(DataSource)
    .query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE approved)::int AS approved FROM card_authorization`);
  log('');
  log(HEADER);
  for (const line of lines) log(line);
  log('');
  const [{ overdrawn }] = await db.query('SELECT count(*)::int AS overdrawn FROM purchase_intent WHERE held_pence > committed_pence');
  log(`${n} decisions stored (${approved} approved); purchases holding more than they have committed: ${overdrawn}.`);
  log("Aims: many cards p99 under 10 ms and over 1,500 decisions/s; one card's burst answered inside Stripe's 2 s window.");
  await app.close();
  await stripe.stop();
  await server.stop();
}

runBenchmark(main);
