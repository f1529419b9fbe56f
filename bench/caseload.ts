/**
 * npm run bench:caseload: the broker's caseload and worklists page (GET /broker) with 2,000 holders, beside the
 * same page for the demo's other broker (a handful of holders), in one run. Server time on loopback, load generated on another thread.
 * The issue's aim: 2,000 holders render p95 under 100 ms.
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedDemoData } from '@kinwell/demo';
import { createApiApp } from '../apps/api/src/create-api-app';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';
import { Figures, HEADER, row } from './lib/measure';
import { httpLoad, pageBenchConfig, signIn } from './lib/page-bench';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const load = (job: { url: string; concurrency: number; headers: Record<string, string> }) => httpLoad({ ...job, html: true }, SECONDS);

/**
 * Rows copied from a template row `t` with some columns replaced, one per row of `from` (which names `t`):
 * the bench's holders, plans and items, made by SQL in a few statements.
 */
async function copyRows(ds: DataSource, table: string, from: string, overrides: Record<string, string>, params: unknown[]): Promise<void> {
  const rows: Array<{ column_name: string }> = await ds.query(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'public'`,
    [table],
  );
  const columns = rows.map((c) => c.column_name);
  await ds.query(
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((c) => overrides[c] ?? `t.${c}`).join(', ')} FROM ${from}`,
    params,
  );
}

async function main(): Promise<void> {
  log(`Kinwell caseload benchmark: ${SECONDS} s per run, Node ${process.version}, ${cpus().length} cores`);
  const { url, dataSource } = await benchDatabase('kinwell_bench_caseload', 2);
  await dataSource.destroy();
  const config = pageBenchConfig(url);
  const app: INestApplication = await createApiApp(config, url);
  // Started before seeding: the demo's use cases enqueue jobs, and the job engine starts with the app.
  await app.init();
  await seedDemoData(app);
  const ds = app.get(DataSource);

  // Hackney Wellbeing Brokerage gets 2,000 holders: four in five with a plan of three items (pending, approved, approved and bought).
  const [kofi] = await ds.query(`SELECT id, broker_organisation_id FROM holder WHERE preferred_name = 'Kofi'`);
  const [plan] = await ds.query(`SELECT id FROM support_plan LIMIT 1`);
  const [item] = await ds.query(`SELECT id FROM plan_item LIMIT 1`);
  const existing = Number(
    (await ds.query(`SELECT count(*) AS n FROM holder WHERE broker_organisation_id = $1`, [kofi.broker_organisation_id]))[0].n,
  );
  await copyRows(
    ds,
    'holder',
    `holder t, generate_series(1, ${2000 - existing}) g WHERE t.id = $1`,
    { id: 'gen_random_uuid()', preferred_name: `'Person ' || g`, user_id: 'NULL', created_at: `now() - g * interval '1 hour'` },
    [kofi.id],
  );
  await ds.query(
    `CREATE TEMP TABLE bench_holders AS SELECT id, row_number() OVER () AS n FROM holder WHERE preferred_name LIKE 'Person %'`,
  );
  await copyRows(
    ds,
    'support_plan',
    `support_plan t, bench_holders h WHERE t.id = $1 AND h.n % 5 <> 0`,
    {
      id: 'gen_random_uuid()',
      holder_id: 'h.id',
      status: `(CASE WHEN h.n % 3 = 0 THEN 'draft' ELSE 'submitted' END)::plan_status`,
      created_at: `now() - h.n * interval '30 minutes'`,
    },
    [plan.id],
  );
  for (const status of ['pending', 'approved', 'approved']) {
    await copyRows(
      ds,
      'plan_item',
      `plan_item t, support_plan p JOIN bench_holders h ON h.id = p.holder_id WHERE t.id = $1`,
      {
        id: 'gen_random_uuid()',
        plan_id: 'p.id',
        status: `'${status}'::plan_item_status`,
        requested_at: `now() - interval '5 days'`,
        decided_at: status === 'pending' ? 'NULL' : `now() - interval '2 days'`,
      },
      [item.id],
    );
  }
  await ds.query('ANALYZE');
  const [{ n: holders }] = await ds.query(`SELECT count(*)::int AS n FROM holder WHERE broker_organisation_id = $1`, [
    kofi.broker_organisation_id,
  ]);
  const [{ n: items }] = await ds.query(`SELECT count(*)::int AS n FROM plan_item`);

  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const big = await signIn(base, 'broker@kinwell.demo');
  const small = await signIn(base, 'broker2@kinwell.demo', 1);
  const [{ n: smallHolders }] = await ds.query(
    `SELECT count(*)::int AS n FROM holder h JOIN membership m ON m.organisation_id = h.broker_organisation_id JOIN app_user u ON u.id = m.user_id WHERE u.email = 'broker2@kinwell.demo'`,
  );
  log(`${holders} holders with ${items} plan items for one broker; the baseline broker has ${smallHolders}.\n`);
  log(HEADER);
  const results: Array<[string, Figures]> = [];
  for (const concurrency of [1, 16]) {
    for (const [name, path, cookie] of [
      [`caseload, ${holders} holders, by name`, '/broker', big],
      [`caseload, ${holders} holders, most waiting`, '/broker?sort=waiting', big],
      [`caseload, ${holders} holders, drafts only`, '/broker?plan=draft&sort=activity', big],
      [`caseload, ${smallHolders} holders (baseline)`, '/broker', small],
    ] as const) {
      const f = await load({ url: `${base}${path}`, concurrency, headers: { cookie } });
      results.push([`${name}, c=${concurrency}`, f]);
      log(row(`${name}, c=${concurrency}`, f));
    }
  }
  const p95 = (label: string) => results.find(([l]) => l.startsWith(label))![1].p95;
  log(
    `\np95 at c=1: ${p95(`caseload, ${holders} holders, by name, c=1`).toFixed(1)} ms for ${holders} holders against ${p95(`caseload, ${smallHolders} holders (baseline), c=1`).toFixed(1)} ms for ${smallHolders} (aim: under 100 ms).`,
  );
  await app.close();
}

runBenchmark(main);
