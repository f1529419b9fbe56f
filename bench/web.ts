/**
 * npm run bench:web: the pages against the API they are built on, in one run on the demo data.
 *  1. Server time (loopback, load generated on another thread), p50/p95 at concurrency 1 and 16, for the
 *     search results page and the plan page, beside the same data read through GraphQL.
 *  2. Bytes on a first load: each page's HTML with its CSS and scripts, compressed as served.
 *  3. Lighthouse 12 (mobile: slow 4G, 4x CPU) performance and accessibility for five pages.
 */
import 'reflect-metadata';
import { get } from 'node:http';
import { cpus } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { SearchIndexer } from '@kinwell/search';
import { createApiApp } from '../apps/api/src/create-api-app';
// The browser tests' Chromium and flags (only this file of libs/testing: the rest is for Jest).
import { CHROMIUM_FLAGS, chromiumPath } from '../libs/testing/src/browser';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';
import { HEADER, row } from './lib/measure';
import { httpLoad, pageBenchConfig } from './lib/page-bench';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SEARCH_PAGE = '/find-support?q=counselling&language=ur&mode=online';
const SEARCH_QUERY = JSON.stringify({
  query: `{ searchOfferings(query: "counselling", filter: { languages: ["ur"], deliveryModes: [Online] }, first: 10) {
    totalCount edges { distanceKm node { id name description price { pence } priceUnit category { code name }
      service { name languages { code name } deliveryModes } provider { name livedExperienceLed } } }
    facets { categories { value count label } languages { value count label } communities { value count label } deliveryModes { value count label } } } }`,
});
const planQuery = (id: string) =>
  JSON.stringify({
    query: `{ plan(id: "${id}") { id status holder { preferredName } goals { id text }
      budget { kind periodStart periodEnd allocationNote allocationLines { label amount { pence } } balances { allocated { pence } available { pence } committed { pence } spent { pence } } }
      items { id description status total { pence } goalIds signOff { tier satisfied stillNeeded } decisions { decision actingRole reason decidedAt } }
      reviews { kind dueOn } } }`,
  });

const load = (job: Parameters<typeof httpLoad>[0]) => httpLoad(job, SECONDS);

async function signInPage(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const html = await page.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1];
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: field('_csrf'), _form: field('_form'), email, password: DEMO_PASSWORD }).toString(),
  });
  if (res.status !== 303) throw new Error(`Could not sign in ${email}: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** One GET as a browser sends it, asking for gzip: the body's bytes on the wire, and the body decoded. */
function wire(url: string, cookie?: string): Promise<{ bytes: number; text: string }> {
  return new Promise((done, fail) => {
    get(url, { headers: { 'accept-encoding': 'gzip', ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        done({ bytes: body.length, text: (res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8') });
      });
    }).on('error', fail);
  });
}

/** The compressed bytes of a page's first load: its HTML, then every stylesheet and script it names. */
async function firstLoadBytes(base: string, path: string, cookie?: string): Promise<{ html: number; assets: number }> {
  const page = await wire(`${base}${path}`, cookie);
  const assets = [...page.text.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:css|js|svg))"/g)].map((m) => m[1]);
  // kinwell.js imports the design system's script, which a browser then fetches too.
  const script = assets.find((a) => a.endsWith('/kinwell.js'));
  if (script) assets.push(script.replace('kinwell.js', 'nhsuk-frontend.min.js'));
  let total = 0;
  for (const asset of new Set(assets)) total += (await wire(`${base}${asset}`)).bytes;
  return { html: page.bytes, assets: total };
}

async function lighthouseScores(base: string, pages: Array<{ name: string; path: string; cookie?: string }>) {
  // Lighthouse is an ES module; this is a CommonJS build, where TypeScript would turn import() into require().
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const esm = new Function('s', 'return import(s)') as <T>(s: string) => Promise<T>;
  const { default: lighthouse } = await esm<{
    default: (url: string, flags: Record<string, unknown>) => Promise<{ lhr: { categories: Record<string, { score: number | null }> } }>;
  }>('lighthouse');
  const chromeLauncher = await esm<{ launch(o: Record<string, unknown>): Promise<{ port: number; kill(): Promise<void> }> }>(
    'chrome-launcher',
  );
  const chrome = await chromeLauncher.launch({ chromePath: await chromiumPath(), chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS] });
  const scores = [];
  try {
    for (const p of pages) {
      const { lhr } = await lighthouse(`${base}${p.path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility'],
        ...(p.cookie ? { extraHeaders: { Cookie: p.cookie } } : {}),
      });
      scores.push({ name: p.name, performance: lhr.categories.performance.score, accessibility: lhr.categories.accessibility.score });
    }
  } finally {
    await chrome.kill();
  }
  return scores;
}

async function main(): Promise<void> {
  log(`Kinwell web benchmark: ${SECONDS} s per run, Node ${process.version}, ${cpus().length} cores`);
  const { url, dataSource } = await benchDatabase('kinwell_bench_web', 2);
  await dataSource.destroy();
  const config = pageBenchConfig(url);
  const app: INestApplication = await createApiApp(config, url);
  await seedDemoData(app);
  await app.get(SearchIndexer).rebuild();
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const [{ id: planId }] = await app
    .get(DataSource)
    .query(
      `SELECT p.id FROM support_plan p JOIN holder h ON h.id = p.holder_id JOIN app_user u ON u.id = h.user_id WHERE u.email = 'holder@kinwell.demo'`,
    );
  const cookie = await signInPage(base, 'holder@kinwell.demo');
  const token = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { signIn(email: "holder@kinwell.demo", password: "${DEMO_PASSWORD}") { ... on SignInSuccess { accessToken } } }`,
    }),
  })
    .then((r) => r.json() as Promise<{ data: { signIn: { accessToken: string } } }>)
    .then((r) => r.data.signIn.accessToken);

  const runs = {
    'search page': { url: `${base}${SEARCH_PAGE}`, html: true },
    'search through GraphQL': { url: `${base}/graphql`, bodies: [SEARCH_QUERY] },
    'plan page (signed in)': { url: `${base}/plans/${planId}`, html: true, headers: { cookie } },
    'plan through GraphQL': { url: `${base}/graphql`, bodies: [planQuery(planId)], headers: { authorization: `Bearer ${token}` } },
  };
  for (const job of Object.values(runs)) await load({ ...job, concurrency: 4 }); // warm-up
  const lines: string[] = [];
  const p95 = new Map<string, number>();
  for (const concurrency of [1, 16]) {
    for (const [name, job] of Object.entries(runs)) {
      const f = await load({ ...job, concurrency });
      p95.set(`${name} c=${concurrency}`, f.p95);
      lines.push(row(`${name}, c=${concurrency}`, f));
    }
  }
  log('\nServer time on loopback');
  log(HEADER);
  for (const line of lines) log(line);
  for (const c of [1, 16]) {
    log(
      `search page p95 / GraphQL p95 at c=${c}: ${(p95.get(`search page c=${c}`)! / p95.get(`search through GraphQL c=${c}`)!).toFixed(2)}x`,
    );
    log(
      `plan page p95 / GraphQL p95 at c=${c}: ${(p95.get(`plan page (signed in) c=${c}`)! / p95.get(`plan through GraphQL c=${c}`)!).toFixed(2)}x`,
    );
  }

  const pages = [
    { name: 'home', path: '/' },
    { name: 'find support: results', path: SEARCH_PAGE },
    { name: 'about personal health budgets', path: '/personal-health-budgets' },
    { name: 'ask for a budget', path: '/ask/help' },
    { name: 'plan (signed in)', path: `/plans/${planId}`, cookie },
  ];
  log('\nBytes on a first load (gzip, as served)');
  log(`${'page'.padEnd(34)} ${'HTML'.padStart(9)} ${'assets'.padStart(9)} ${'total'.padStart(9)}`);
  for (const p of pages) {
    const b = await firstLoadBytes(base, p.path, p.cookie);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
    log(`${p.name.padEnd(34)} ${kb(b.html)} ${kb(b.assets)} ${kb(b.html + b.assets)}`);
  }

  if (process.env.BENCH_LIGHTHOUSE !== '0') {
    log('\nLighthouse 12, mobile (simulated slow 4G, 4x CPU slowdown)');
    log(`${'page'.padEnd(34)} ${'performance'.padStart(12)} ${'accessibility'.padStart(14)}`);
    for (const s of await lighthouseScores(base, pages))
      log(`${s.name.padEnd(34)} ${String(s.performance?.toFixed(2)).padStart(12)} ${String(s.accessibility?.toFixed(2)).padStart(14)}`);
  }
  await app.close();
}

runBenchmark(main);
