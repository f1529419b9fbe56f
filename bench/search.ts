/**
 * npm run bench:search — searchOfferings over HTTP against 100,000 offerings, at
 * concurrency 1 and 32, for text + filters + proximity, beside the same SQL run raw in
 * this process (the baseline). PostgreSQL always; Meilisearch too where its binary exists.
 * Prints figures; asserts nothing. Options: BENCH_OFFERINGS (default 100000), BENCH_SECONDS (10),
 * BENCH_POOL (database connections, default 8).
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@kinwell/config';
import { POSTGRES_SESSION_OPTIONS, TransactionHost } from '@kinwell/database';
import {
  buildSearchSql,
  EXPAND_WORDS_SQL,
  MeilisearchSearchIndex,
  OfferingDocumentsRepository,
  PostgresSearchIndex,
  SearchEngines,
  SearchIndexer,
  SearchQuery,
  searchWords,
  typoTolerantTsquery,
} from '@kinwell/search';
import { createApiApp } from '../apps/api/src/create-api-app';
import { meilisearchBinary, startMeilisearch } from '../libs/testing/src/meilisearch-server';
import { closedLoop, Figures, HEADER, row } from './lib/measure';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';

// Benchmarks are tools run by hand; like tests, they set up their own environment.
const env = process.env;
const OFFERINGS = Number(env.BENCH_OFFERINGS ?? 100_000);
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const PROVIDERS = Math.max(10, Math.round(OFFERINGS / 100));
// Connections for the baseline and the API alike; more than a few per core only adds contention.
const POOL = Number(env.BENCH_POOL ?? 8);

/** Text + filters + proximity, varied so caches do not flatter the figures. */
const SCENARIOS: Array<{
  text: string;
  filter: Record<string, unknown>;
  near: { postcode: string; latitude: number; longitude: number; radiusKm: number };
}> = [
  { text: 'counseling', filter: { languages: ['ur'] }, near: { postcode: 'E8', latitude: 51.544, longitude: -0.062, radiusKm: 5 } },
  { text: 'yoga', filter: { maxPricePence: 5000 }, near: { postcode: 'N16', latitude: 51.562, longitude: -0.076, radiusKm: 3 } },
  {
    text: 'cooking class',
    filter: { communities: ['bangladeshi'] },
    near: { postcode: 'E1', latitude: 51.5174, longitude: -0.0557, radiusKm: 5 },
  },
  {
    text: 'gym membrship',
    filter: { categories: ['fitness-and-exercise'] },
    near: { postcode: 'E5', latitude: 51.56, longitude: -0.053, radiusKm: 4 },
  },
  { text: 'peer support', filter: { peerLed: true }, near: { postcode: 'E2', latitude: 51.529, longitude: -0.061, radiusKm: 5 } },
  { text: 'laptop', filter: { maxPricePence: 40000 }, near: { postcode: 'E9', latitude: 51.543, longitude: -0.042, radiusKm: 6 } },
  {
    text: 'drum lessons',
    filter: { deliveryModes: ['in_person'] },
    near: { postcode: 'N1', latitude: 51.538, longitude: -0.093, radiusKm: 5 },
  },
  { text: 'esol english', filter: { languages: ['tr'] }, near: { postcode: 'E17', latitude: 51.586, longitude: -0.018, radiusKm: 8 } },
];

const GRAPHQL = `query($q: String, $filter: OfferingSearchFilter) {
  searchOfferings(query: $q, filter: $filter, first: 20) { totalCount edges { distanceKm node { id name price { pence } provider { name } } } facets { categories { value count } languages { value count } } }
}`;

const bodies = SCENARIOS.map((s) =>
  JSON.stringify({
    query: GRAPHQL,
    variables: {
      q: s.text,
      filter: {
        ...s.filter,
        deliveryModes: undefined,
        ...(s.filter.deliveryModes ? { deliveryModes: ['InPerson'] } : {}),
        near: { postcode: s.near.postcode, radiusKm: s.near.radiusKm },
      },
    },
  }),
);

const sqlQueries: SearchQuery[] = SCENARIOS.map((s) => ({
  text: s.text,
  filter: { ...s.filter, near: { latitude: s.near.latitude, longitude: s.near.longitude, radiusKm: s.near.radiusKm } },
  sort: 'relevance',
  limit: 20,
  offset: 0,
}));

async function seed(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const t0 = performance.now();
  await pool.query(`
    BEGIN;
    SELECT setseed(0.42);
    INSERT INTO organisation (id, name, kind) VALUES ('00000000-0000-4000-8000-000000000001', 'Bench ICB', 'commissioner');
    CREATE TEMP TABLE words AS SELECT
      ARRAY['Counselling','Yoga','Gym membership','Cooking class','Laptop','Drum lessons','ESOL course','Peer support group','Taxi to appointment',
            'Allotment share','Sewing course','Swimming','Acupuncture','Befriending','Advocacy','Smartphone and SIM','Cycling lessons','Art class',
            'Mindfulness course','Driving lessons','Music lessons','Walking group','Hypnotherapy','Personal assistant','Gardening course'] AS nouns,
      ARRAY['in Urdu','for women','for beginners','(six weeks)','in Bengali','for elders','in Turkish','for young adults','at home','online','in Polish',
            'for men','with a trainer','in Punjabi','for carers','in Somali'] AS tails,
      ARRAY['fitness-and-exercise','arts-and-crafts','education-and-training','technical-and-computer-equipment','home-support','self-care-and-wellbeing',
            'travel-and-transport','talking-and-complementary-therapies','peer-support','advocacy','personal-assistance','social-and-community'] AS categories,
      ARRAY['en','ur','bn','tr','pl','pa','so','yo','ku','ro'] AS languages,
      ARRAY['pakistani','bangladeshi','black-african','black-caribbean','turkish-kurdish','eastern-european','women','lgbtq','older-adults','muslim','sikh','jewish'] AS communities,
      ARRAY['voluntary','peer_led','user_led','community_micro_enterprise','faith_group','personal_assistant','mainstream_business'] AS kinds;
    INSERT INTO organisation (id, name, kind, commissioner_id)
      SELECT ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'Bench provider ' || g, 'provider', '00000000-0000-4000-8000-000000000001'
        FROM generate_series(1, ${PROVIDERS}) g;
    INSERT INTO provider_profile (organisation_id, description, provider_kind, lived_experience_led, payment_methods)
      SELECT o.id, 'A provider in the benchmark area.', (w.kinds)[1 + floor(random() * 7)::int]::provider_kind, random() < 0.2, '{invoice}'
        FROM organisation o, words w WHERE o.kind = 'provider';
    INSERT INTO location (id, organisation_id, name, address_line, town, postcode, postcode_district, latitude, longitude, accessibility)
      SELECT gen_random_uuid(), o.id, 'Venue', '1 High Street', 'London', 'E8 1AA', 'E8', 51.45 + random() * 0.2, -0.25 + random() * 0.35,
             CASE WHEN random() < 0.5 THEN '{step-free}'::text[] ELSE '{}'::text[] END
        FROM organisation o WHERE o.kind = 'provider';
    INSERT INTO service (id, organisation_id, name, description, delivery_modes, languages, interpreter_available, communities, last_confirmed_at)
      SELECT gen_random_uuid(), o.id, 'Service of ' || o.name, 'Support and activities.',
             CASE WHEN random() < 0.8 THEN '{in_person}'::text[] ELSE '{in_person,online}'::text[] END,
             ARRAY['en', (w.languages)[1 + floor(random() * 10)::int]], random() < 0.3,
             ARRAY[(w.communities)[1 + floor(random() * 12)::int]], now()
        FROM organisation o, words w WHERE o.kind = 'provider';
    INSERT INTO service_at_location (id, service_id, location_id)
      SELECT gen_random_uuid(), s.id, l.id FROM service s JOIN location l ON l.organisation_id = s.organisation_id;
    INSERT INTO offering (id, service_id, organisation_id, name, description, kind, price_pence, price_unit, category_code, available)
      SELECT gen_random_uuid(), s.id, s.organisation_id,
             (w.nouns)[1 + floor(random() * 25)::int] || ' ' || (w.tails)[1 + floor(random() * 16)::int],
             'A purchasable offering listed for the benchmark, with a plain description of what you get.',
             'service', (100 * floor(random() * 500))::bigint, 'one_off', (w.categories)[1 + floor(random() * 12)::int], true
        FROM service s, words w, generate_series(1, ${Math.round(OFFERINGS / PROVIDERS)}) g;
    COMMIT;
    ANALYZE;`);
  log(
    `Seeded ${OFFERINGS.toLocaleString('en-GB')} offerings across ${PROVIDERS} providers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await pool.end();
}

async function httpLoad(url: string, concurrency: number): Promise<Figures> {
  return new Promise((done, fail) => {
    const worker = new Worker(resolve(__dirname, 'lib/http-load.worker.js'), {
      workerData: { url, bodies, concurrency, durationMs: SECONDS * 1000 },
    });
    worker.once('message', done);
    worker.once('error', fail);
  });
}

/** The adapter's two statements (expand words, then search), straight through pg. */
async function sqlLoad(pool: Pool, concurrency: number): Promise<Figures> {
  return closedLoop(concurrency, SECONDS * 1000, async (i) => {
    const query = sqlQueries[i % sqlQueries.length];
    const words = searchWords(query.text);
    const expanded = await pool.query(EXPAND_WORDS_SQL, [words]);
    const { sql, params } = buildSearchSql(query, typoTolerantTsquery(words, expanded.rows));
    const res = await pool.query(sql, params);
    return res.rows.length === 1;
  });
}

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}/graphql`;
}

async function main(): Promise<void> {
  log(
    `Kinwell search benchmark: ${OFFERINGS.toLocaleString('en-GB')} offerings, ${SECONDS} s per run, pool ${POOL}, Node ${process.version}, ${cpus().length} cores`,
  );
  const { server, url, dataSource } = await benchDatabase('kinwell_bench', 4);
  await seed(url);

  const postgresIndex = new PostgresSearchIndex(dataSource);
  const documents = new OfferingDocumentsRepository(new TransactionHost(dataSource));
  let t0 = performance.now();
  const indexed = await new SearchIndexer(documents, new SearchEngines(postgresIndex, null)).rebuild();
  log(`Indexed ${indexed.toLocaleString('en-GB')} documents into PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await dataSource.query('ANALYZE offering_search');

  const results: string[] = [];
  const pool = new Pool({ connectionString: url, max: POOL, options: POSTGRES_SESSION_OPTIONS });
  const baseline: Record<number, Figures> = {};
  for (const c of [1, 32]) {
    await sqlLoad(pool, c); // warm-up
    baseline[c] = await sqlLoad(pool, c);
    results.push(row(`raw SQL baseline (PostgresSearchIndex), c=${c}`, baseline[c]));
  }

  const engines: Array<{ name: string; env: Record<string, string>; prepare?: () => Promise<() => Promise<void>> }> = [
    { name: 'postgres', env: {} },
  ];
  let meili: { url: string; apiKey: string; stop(): Promise<void> } | undefined;
  try {
    if (meilisearchBinary()) {
      meili = await startMeilisearch();
      const index = new MeilisearchSearchIndex({ url: meili.url, apiKey: meili.apiKey, index: 'bench' }, 10_000);
      t0 = performance.now();
      const count = await new SearchIndexer(documents, { writers: [index] } as unknown as SearchEngines).rebuild(500);
      log(`Indexed ${count.toLocaleString('en-GB')} documents into Meilisearch in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      engines.push({ name: 'meilisearch', env: { MEILISEARCH_URL: meili.url, MEILISEARCH_KEY: meili.apiKey, MEILISEARCH_INDEX: 'bench' } });
    } else {
      log('Meilisearch binary not installed on this platform: measuring PostgreSQL only.');
    }
  } catch (error) {
    log(`Meilisearch could not be started (${error instanceof Error ? error.message : String(error)}): measuring PostgreSQL only.`);
  }

  const api: Record<string, Record<number, Figures>> = {};
  for (const engine of engines) {
    // The load comes from one address, standing for many people: lift the per-client limits, and keep
    // logging every search as demand, as it would be for them.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(POOL),
      RATE_LIMIT_PER_MINUTE: '1000000',
      DEMAND_PER_CLIENT_PER_HOUR: '1000000',
      ...engine.env,
    });
    const app = await createApiApp(config, url);
    const endpoint = await listen(app);
    api[engine.name] = {};
    for (const c of [1, 32]) {
      await httpLoad(endpoint, c); // warm-up
      api[engine.name][c] = await httpLoad(endpoint, c);
      results.push(row(`searchOfferings over HTTP (${engine.name}), c=${c}`, api[engine.name][c]));
    }
    await app.close();
  }

  log('');
  log(HEADER);
  for (const line of results) log(line);
  log('');
  for (const c of [1, 32]) {
    const a = api.postgres[c];
    const b = baseline[c];
    log(
      `PostgreSQL adapter, c=${c}: API p95 ${a.p95.toFixed(1)} ms vs SQL ${b.p95.toFixed(1)} ms = ${(a.p95 / b.p95).toFixed(2)}x; throughput ${(b.throughput / a.throughput).toFixed(2)}x lower over HTTP`,
    );
  }
  log(`Aim: p95 <= 50 ms at c=32 on the PostgreSQL adapter (measured ${api.postgres[32].p95.toFixed(1)} ms); API within 2x of raw SQL.`);

  await pool.end();
  await dataSource.destroy();
  await meili?.stop();
  await server.stop();
}

runBenchmark(main);
