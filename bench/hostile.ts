/**
 * npm run bench:hostile — what hostile queries cost the server, and what everyone else feels
 * meanwhile. On the demo directory: /health answered alone (the baseline), then while a second
 * thread sends a thirty-level nested query (one at a time, then 16 at once), a thousand aliases, or a shallow
 * query that fans out; each hostile request's own answer time is its refusal time. Then, with
 * the limits switched off, what one nested query of the same shape took before (a few levels
 * only: thirty would not finish). Prints figures; asserts nothing. BENCH_SECONDS (default 5) per run.
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '@kinwell/config';
import { seedDemoData } from '@kinwell/demo';
import { createApiApp } from '../apps/api/src/create-api-app';
import { HEADER, row } from './lib/measure';
import type { Figures } from './lib/measure';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const nested = (providerId: string, levels: number) => {
  let q = 'id name';
  for (let i = 0; i < levels; i++) q = `offerings { id service { id ${q} } }`;
  return JSON.stringify({ query: `{ provider(id: "${providerId}") { services { ${q} } } }` });
};
const aliases = JSON.stringify({
  query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: searchOfferings(query: "yoga") { totalCount }`).join(' ')} }`,
});
const fanOut = JSON.stringify({
  query: '{ searchOfferings(first: 100) { edges { node { service { offerings { service { offerings { id } } } } } } } }',
});

function load(url: string, concurrency: number, durationMs: number, bodies?: string[], expectStatus?: number): Promise<Figures> {
  return new Promise((done, fail) => {
    const worker = new Worker(resolve(__dirname, 'lib/http-load.worker.js'), {
      workerData: { url, bodies, concurrency, durationMs, expectStatus },
    });
    worker.once('message', done);
    worker.once('error', fail);
  });
}

async function start(url: string, env: Record<string, string>): Promise<{ app: INestApplication; base: string }> {
  // One address stands for many people here: the request limits are lifted so every hostile request reaches the query limits.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '8',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_PERSON_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await createApiApp(config, url);
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

async function main(): Promise<void> {
  log(`Kinwell hostile-query benchmark: ${SECONDS} s per run, Node ${process.version}, ${cpus().length} cores`);
  const { url, dataSource } = await benchDatabase('kinwell_bench_hostile', 2);
  await dataSource.destroy();

  const limited = await start(url, {});
  await seedDemoData(limited.app);
  // The provider with the most services makes the widest nested query.
  const [{ id: providerId }] = await limited.app
    .get(DataSource)
    .query('SELECT organisation_id AS id FROM service GROUP BY organisation_id ORDER BY count(*) DESC LIMIT 1');
  const health = `${limited.base}/health`;
  const graphql = `${limited.base}/graphql`;
  await load(health, 4, 1000); // warm-up
  const lines: string[] = [];
  lines.push(row('/health alone, c=4 (baseline)', await load(health, 4, SECONDS * 1000)));
  const [single, besideSingle] = await Promise.all([
    load(graphql, 1, SECONDS * 1000, [nested(providerId, 30)], 400),
    load(health, 4, SECONDS * 1000),
  ]);
  lines.push(row('  refusing the 30-level nested query, c=1', single));
  lines.push(row('  /health meanwhile, c=4', besideSingle));
  for (const [label, body] of [
    ['30-level nested query', nested(providerId, 30)],
    ['1,000 aliases', aliases],
    ['fan-out query (cost over the limit)', fanOut],
  ] as const) {
    const [attack, beside] = await Promise.all([load(graphql, 16, SECONDS * 1000, [body], 400), load(health, 4, SECONDS * 1000)]);
    lines.push(row(`  refusing the ${label}, c=16`, attack));
    lines.push(row(`  /health meanwhile, c=4`, beside));
  }
  await limited.app.close();

  const open = await start(url, { GRAPHQL_MAX_DEPTH: '50', GRAPHQL_MAX_COST: '10000000', GRAPHQL_MAX_ALIASES: '1000' });
  for (const levels of [3, 4]) {
    const [one, beside] = await Promise.all([
      load(`${open.base}/graphql`, 1, SECONDS * 1000, [nested(providerId, levels)]),
      load(`${open.base}/health`, 4, SECONDS * 1000),
    ]);
    lines.push(row(`limits off: ${levels * 2 + 2}-level nested query, c=1`, one));
    lines.push(row(`  /health meanwhile, c=4`, beside));
  }
  await open.app.close();

  log(HEADER);
  for (const line of lines) log(line);
}

runBenchmark(main);
