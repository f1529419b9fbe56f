/**
 * npm run bench:insights — every commissioner query against one area with 1,000,000 spend
 * rows, 100,000 offerings and 200,000 logged searches. Prints p50/p95 per query (in process,
 * the service as the API calls it), how long the worker takes to work out every figure of every area after a
 * refresh, then every page of the commissioner's workspace over HTTP as it reads those figures (p50/p95 server
 * time on loopback, BENCH_SECONDS each, default 5). BENCH_SPENDS, BENCH_OFFERINGS, BENCH_RUNS (default 20).
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { TransactionHost } from '@kinwell/database';
import { AreaFigures, InsightsRepository, InsightsService, refreshInsights } from '@kinwell/insights';
import { SystemClock } from '@kinwell/kernel';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedDemoData } from '@kinwell/demo';
import { createApiApp } from '../apps/api/src/create-api-app';
import { HEADER, percentile, row } from './lib/measure';
import { httpLoad, pageBenchConfig, signIn } from './lib/page-bench';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';

const env = process.env;
const SPENDS = Number(env.BENCH_SPENDS ?? 1_000_000);
const OFFERINGS = Number(env.BENCH_OFFERINGS ?? 100_000);
const RUNS = Number(env.BENCH_RUNS ?? 20);
const PAGE_SECONDS = Number(env.BENCH_SECONDS ?? 5);
const HOLDERS = Math.max(100, Math.round(SPENDS / 50));
const AREA = '00000000-0000-4000-8000-00000000a4ea';

async function main(): Promise<void> {
  log(
    `Kinwell insights benchmark: ${SPENDS.toLocaleString('en-GB')} spend rows, ${OFFERINGS.toLocaleString('en-GB')} offerings, ${HOLDERS.toLocaleString('en-GB')} holders, ${RUNS} runs per query, Node ${process.version}, ${cpus().length} cores`,
  );
  const { server, url, dataSource: ds } = await benchDatabase('kinwell_bench_insights', 4);
  // The app first, with its demo (it seeds only an empty database), for the pages at the end; the bench area beside it.
  const app: INestApplication = await createApiApp(pageBenchConfig(url), url);
  // Started before seeding: the demo's use cases enqueue jobs, and the job engine starts with the app.
  await app.init();
  await seedDemoData(app);
  let t0 = performance.now();
  const providers = Math.max(10, Math.round(OFFERINGS / 100));
  await ds.query(`
    SELECT setseed(0.7);
    INSERT INTO organisation (id, name, kind) VALUES ('${AREA}', 'Bench ICB', 'commissioner');
    INSERT INTO organisation (id, name, kind, commissioner_id) VALUES ('00000000-0000-4000-8000-00000000b0b0', 'Bench broker', 'broker', '${AREA}');
    INSERT INTO organisation (id, name, kind, commissioner_id)
      SELECT ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'Provider ' || g, 'provider', '${AREA}' FROM generate_series(1, ${providers}) g;
    INSERT INTO provider_profile (organisation_id, description, provider_kind, lived_experience_led, payment_methods)
      SELECT id, 'x', 'voluntary', false, '{invoice}' FROM organisation WHERE kind = 'provider' AND commissioner_id = '${AREA}';
    INSERT INTO location (id, organisation_id, name, address_line, town, postcode, postcode_district, latitude, longitude, accessibility)
      SELECT gen_random_uuid(), id, 'v', 'a', 'London', 'E8 1AA', (ARRAY['E8','E5','N16','E2','E9'])[1 + floor(random() * 5)::int], 51.5, -0.06, '{}' FROM organisation WHERE kind = 'provider' AND commissioner_id = '${AREA}';
    INSERT INTO service (id, organisation_id, name, description, delivery_modes, languages, interpreter_available, communities, last_confirmed_at)
      SELECT gen_random_uuid(), id, 's', 'd', '{in_person}', ARRAY['en', (ARRAY['ur','bn','tr','pl','so'])[1 + floor(random() * 5)::int]], false,
             ARRAY[(ARRAY['women','muslim','black-african','lgbtq','older-adults'])[1 + floor(random() * 5)::int]], now() FROM organisation WHERE kind = 'provider' AND commissioner_id = '${AREA}';
    INSERT INTO service_at_location (id, service_id, location_id) SELECT gen_random_uuid(), s.id, l.id FROM service s JOIN location l ON l.organisation_id = s.organisation_id JOIN organisation o ON o.id = s.organisation_id AND o.commissioner_id = '${AREA}';
    INSERT INTO offering (id, service_id, organisation_id, name, description, kind, price_pence, price_unit, category_code, available)
      SELECT gen_random_uuid(), s.id, s.organisation_id, 'Offering ' || g, 'd', 'service', 1000, 'one_off',
             (ARRAY['fitness-and-exercise','arts-and-crafts','education-and-training','technical-and-computer-equipment','home-support','self-care-and-wellbeing','travel-and-transport','talking-and-complementary-therapies','peer-support','advocacy'])[1 + floor(random() * 10)::int], true
        FROM service s JOIN organisation so ON so.id = s.organisation_id AND so.commissioner_id = '${AREA}', generate_series(1, ${Math.round(OFFERINGS / providers)}) g;
    INSERT INTO holder (id, preferred_name, languages, communities, equity_reporting_consent, ethnicity, postcode_district, commissioner_id, broker_organisation_id)
      SELECT ('20000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'H', ARRAY[(ARRAY['en','ur','bn','tr','pl'])[1 + g % 5]], ARRAY[(ARRAY['women','muslim','black-african'])[1 + g % 3]], g % 2 = 0,
             (ARRAY['asian-pakistani','black-african','white-british','white-irish','mixed-other','asian-bangladeshi','other-arab'])[1 + g % 7], 'E8', '${AREA}', '00000000-0000-4000-8000-00000000b0b0'
        FROM generate_series(1, ${HOLDERS}) g;
    INSERT INTO budget (id, holder_id, commissioner_id, kind, period_start, period_end, allocation_note, allocation_lines)
      SELECT ('30000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('20000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '${AREA}', 'third_party', '2026-01-01', '2026-12-31', 'b', '[]' FROM generate_series(1, ${HOLDERS}) g;
    INSERT INTO support_plan (id, holder_id, budget_id, status, author_user_id, referral_at, submitted_at, first_decision_at, first_payment_at)
      SELECT ('40000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('20000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('30000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
             'active', gen_random_uuid(), now() - interval '90 days', now() - interval '80 days' + (g % 20 || ' days')::interval, now() - interval '60 days' + (g % 20 || ' days')::interval, now() - interval '40 days'
        FROM generate_series(1, ${HOLDERS}) g;
    CREATE TEMP TABLE some_offerings AS SELECT o.id, row_number() OVER () AS n FROM offering o JOIN organisation g ON g.id = o.organisation_id AND g.commissioner_id = '${AREA}' LIMIT 5000;
    INSERT INTO plan_item (id, plan_id, offering_id, category_code, description, quantity, unit_price_pence, total_pence, goal_ids, status, round, escalation, requested_by, requested_at, decided_at, excluded_deciders)
      SELECT ('50000000-0000-4000-' || lpad(i::text, 4, '0') || '-' || lpad(g::text, 12, '0'))::uuid, ('40000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
             CASE WHEN i = 4 THEN NULL ELSE (SELECT id FROM some_offerings WHERE n = 1 + (g * 7 + i) % 5000) END,
             CASE WHEN i = 4 THEN (ARRAY['travel-and-transport','home-support'])[1 + g % 2] END, 'item', 1, 25000, 25000, '{}',
             CASE WHEN (g + i) % 9 = 0 THEN 'declined' ELSE 'approved' END::plan_item_status, 1, 0, gen_random_uuid(), now(), now() - interval '50 days', '{}'
        FROM generate_series(1, ${HOLDERS}) g, generate_series(1, 4) i;
    INSERT INTO budget_movement (budget_id, kind, amount_pence, idempotency_key, actor_label, occurred_at)
      SELECT ('30000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'allocation', 50000 + (g % 7) * 25000, 'allocation', 'bench', now() - interval '100 days' FROM generate_series(1, ${HOLDERS}) g;
    INSERT INTO budget_movement (budget_id, kind, amount_pence, idempotency_key, reference_type, reference_id, actor_label, occurred_at)
      SELECT ('30000000-0000-4000-8000-' || lpad((1 + s % ${HOLDERS})::text, 12, '0'))::uuid, 'spend', 100 + s % 2000, 's' || s, 'plan_item',
             ('50000000-0000-4000-' || lpad((1 + s % 4)::text, 4, '0') || '-' || lpad((1 + s % ${HOLDERS})::text, 12, '0'))::uuid, 'bench', now() - interval '30 days'
        FROM generate_series(1, ${SPENDS}) s;
    INSERT INTO search_demand (occurred_at, terms, filters, postcode_district, result_count, zero_results, source)
      SELECT now(), 'term ' || (g % 500), jsonb_build_object('categories', jsonb_build_array((ARRAY['advocacy','peer-support','home-support'])[1 + g % 3]), 'languages', jsonb_build_array((ARRAY['zh','ur','so'])[1 + g % 3])),
             (ARRAY['E8','E5','N16'])[1 + g % 3], g % 4, g % 4 = 0, 'graphql'
        FROM generate_series(1, 200000) g;
    ANALYZE;`);
  log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const tx = new TransactionHost(ds);
  t0 = performance.now();
  await refreshInsights(tx);
  log(`read models refreshed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const sut = new InsightsService(new InsightsRepository(tx), new SystemClock());
  const queries: Array<[string, () => Promise<unknown>]> = [
    ['marketGaps(by: category)', () => sut.marketGaps(AREA, 'category')],
    ['marketGaps(by: language)', () => sut.marketGaps(AREA, 'language')],
    ['marketGaps(by: community)', () => sut.marketGaps(AREA, 'community')],
    ['marketGaps(by: delivery mode)', () => sut.marketGaps(AREA, 'delivery')],
    ['marketGaps(by: district)', () => sut.marketGaps(AREA, 'district')],
    ['timeliness', () => sut.timeliness(AREA, 28)],
    ['spendInsights', () => sut.spend(AREA)],
    ['equityOfUptake(by: community)', () => sut.equity(AREA, 'community')],
    ['equityOfUptake(by: language)', () => sut.equity(AREA, 'language')],
  ];
  log('');
  log(`${'query'.padEnd(34)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`);
  for (const [name, run] of queries) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await run();
      times.push(performance.now() - s);
    }
    const sorted = times.sort((a, b) => a - b);
    log(
      `${name.padEnd(34)} ${percentile(sorted, 50).toFixed(1).padStart(7)} ms ${percentile(sorted, 95).toFixed(1).padStart(7)} ms ${sorted[sorted.length - 1].toFixed(1).padStart(7)} ms`,
    );
  }
  log('');
  log('Aim: every commissioner query at most 500 ms.');
  await ds.destroy();

  // The workspace's pages over HTTP, as a commissioner of this area reads them: server time on loopback, one at a time.
  const appDs = app.get(DataSource);
  await appDs.query(
    `UPDATE membership SET organisation_id = $1 WHERE role = 'commissioner' AND user_id = (SELECT id FROM app_user WHERE email = 'commissioner@kinwell.demo')`,
    [AREA],
  );
  await refreshInsights(app.get(TransactionHost));
  // What the worker does after each refresh: every figure of every area, each area in one repeatable-read transaction.
  t0 = performance.now();
  const areas = await app.get(AreaFigures).computeEvery();
  log(`every figure of ${areas} areas worked out in ${((performance.now() - t0) / 1000).toFixed(1)} s (the worker, after each refresh)`);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const cookie = await signIn(base, 'commissioner@kinwell.demo');
  // A page whose figures are not yet worked out (a new area, or just after a refresh) works them out as it is read.
  for (const [name, path, figure] of [
    ['overview', '/area', 'overview'],
    ['equity by ethnic group', '/area/equity', 'equity:%'],
  ]) {
    await appDs.query('DELETE FROM insight_snapshot WHERE commissioner_id = $1 AND figure LIKE $2', [AREA, figure]);
    const s = performance.now();
    await (await fetch(`${base}${path}`, { headers: { cookie } })).text();
    log(`${name}, first read with no snapshot: ${(performance.now() - s).toFixed(0)} ms`);
  }
  log('');
  log(HEADER);
  const pages: Array<[string, string]> = [
    ['overview', '/area'],
    ['gaps by category', '/area/gaps'],
    ['gaps by language', '/area/gaps?by=language'],
    ['gaps by district (with map)', '/area/gaps?by=district'],
    ['equity by ethnic group (5 and 19)', '/area/equity'],
    ['equity by language', '/area/equity?by=language'],
    ['timeliness', '/area/timeliness'],
    ['spending', '/area/spend'],
    ['outcomes', '/area/outcomes'],
    ['decisions', '/area/decisions'],
    ['settings', '/area/settings'],
    ['quarterly report', '/area/report'],
    ['spending as CSV', '/area/spend.csv'],
    ['district map as SVG', '/area/charts/districts.svg'],
  ];
  const slowest: Array<[string, number]> = [];
  for (const [name, path] of pages) {
    const download = /\.(csv|svg)/.exec(path)?.[1];
    const f = await httpLoad(
      {
        url: `${base}${path}`,
        concurrency: 1,
        headers: { cookie },
        ...(download ? { endsWith: download === 'svg' ? '</svg>' : '' } : { html: true }),
      },
      PAGE_SECONDS,
    );
    log(row(`${name}, c=1`, f));
    slowest.push([name, f.p95]);
  }
  const [worst, p95] = slowest.sort((a, b) => b[1] - a[1])[0];
  log(`\nSlowest page at p95: ${worst}, ${p95.toFixed(1)} ms (aim: every page under 300 ms).`);
  await app.close();
  await server.stop();
}

runBenchmark(main);
