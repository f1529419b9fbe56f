import { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { TransactionHost } from '@kinwell/database';
import { refreshInsights } from '@kinwell/insights';
import { checkVisits, createTestApp, launchBrowser, PageVisit, signedInContext, TestApp } from '@kinwell/testing';

const failed = (results: Array<{ name: string; violations: unknown[]; overflowPx: number }>) =>
  results.filter((r) => r.violations.length || r.overflowPx);

// The commissioner's workspace, each template and state once, in a real Chromium at 320 px, in English and in Urdu.
jest.setTimeout(240_000);

describe("the commissioner's pages in a browser", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
    await seedDemoData(t.app);
    base = await t.url();
    // Enough declared holders and spending that the tables show figures, not only "withheld".
    const [{ area, broker }] = await t.dataSource.query(
      `SELECT o.id AS area, b.id AS broker FROM organisation o JOIN organisation b ON b.commissioner_id = o.id AND b.kind = 'broker'
        WHERE o.kind = 'commissioner' AND o.name LIKE 'City and Hackney%' LIMIT 1`,
    );
    await t.dataSource.query(
      `WITH h AS (
         INSERT INTO holder (id, preferred_name, languages, communities, equity_reporting_consent, ethnicity, gender, commissioner_id, broker_organisation_id)
         SELECT gen_random_uuid(), 'H', '{en}', '{}', true, (ARRAY['asian-pakistani','black-african','white-british'])[1 + g % 3], (ARRAY['woman','man'])[1 + g % 2], $1, $2
           FROM generate_series(1, 30) g RETURNING id),
       b AS (
         INSERT INTO budget (id, holder_id, commissioner_id, kind, period_start, period_end, allocation_note, allocation_lines)
         SELECT gen_random_uuid(), h.id, $1, 'third_party', '2026-01-01', '2026-12-31', 'b', '[]' FROM h RETURNING id)
       INSERT INTO budget_movement (budget_id, kind, amount_pence, idempotency_key, actor_label, occurred_at)
       SELECT b.id, k.kind::budget_movement_kind, k.pence, k.kind, 'test', now() FROM b, (VALUES ('allocation', 100000), ('spend', 2500)) k(kind, pence)`,
      [area, broker],
    );
    await refreshInsights(t.app.get(TransactionHost));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const go = (path: string) => async (page: Page) => page.goto(`${base}${path}`);
  /** Sends a form with a mistake and waits for the page that says so. */
  const sendWrong = async (p: Page, button: string) => {
    await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click(button)]);
    await p.waitForSelector('.nhsuk-error-summary');
  };

  it.each(['en', 'ur'])('every page of the workspace (%s)', async (language) => {
    const context = await signedInContext(browser, base, 'commissioner@kinwell.demo', DEMO_PASSWORD);
    await context.addCookies([{ name: 'kinwell_lang', value: language, url: base }]);
    const page = await context.newPage();
    const visits: PageVisit[] = [
      { name: 'overview', open: go('/area') },
      { name: 'market gaps by category', open: go('/area/gaps') },
      { name: 'market gaps by district, with the map', open: go('/area/gaps?by=district') },
      { name: 'equity by ethnic group, five and nineteen', open: go('/area/equity') },
      {
        name: 'equity, with a population file that has mistakes',
        open: async (p) => {
          await p.goto(`${base}/area/equity`);
          await p.setInputFiles('input[type=file][name=file]', {
            name: 'population.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from('group,population\nMartian,3\n'),
          });
          await sendWrong(p, 'form[enctype="multipart/form-data"] button[type=submit]');
        },
      },
      { name: 'timeliness', open: go('/area/timeliness') },
      { name: 'spending', open: go('/area/spend') },
      { name: 'outcomes', open: go('/area/outcomes') },
      { name: 'decisions', open: go('/area/decisions') },
      { name: 'area settings', open: go('/area/settings') },
      {
        name: 'area settings, with a mistake',
        open: async (p) => {
          await p.goto(`${base}/area/settings`);
          await p.fill('#tier0', 'lots');
          await sendWrong(p, 'form[action="/area/settings/policy"] button[type=submit]');
        },
      },
      { name: 'quarterly report', open: go('/area/report') },
    ];
    const results = await checkVisits(page, visits);
    await context.close();
    expect(failed(results)).toEqual([]);
  });

  it('the choice of area, for a PHB lead of two areas', async () => {
    const [{ id: merseyside }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'Cheshire%'`,
    );
    await t.dataSource.query(
      `INSERT INTO membership (id, user_id, organisation_id, role) SELECT gen_random_uuid(), id, $1, 'phb_lead' FROM app_user WHERE email = 'phblead@kinwell.demo'`,
      [merseyside],
    );
    const context = await signedInContext(browser, base, 'phblead@kinwell.demo', DEMO_PASSWORD);
    const page = await context.newPage();
    const results = await checkVisits(page, [
      { name: 'overview with a choice of area', open: go('/area') },
      { name: 'overview with a choice of area (ur)', open: go('/area?lang=ur') },
    ]);
    expect(await page.locator('#area-choice option').count()).toBe(2);
    await context.close();
    expect(failed(results)).toEqual([]);
  });

  it('works with JavaScript off: a population upload and a policy change', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
    const p = await noScript.newPage();
    await p.goto(`${base}/sign-in`);
    await p.fill('#email', 'commissioner@kinwell.demo');
    await p.fill('#password', DEMO_PASSWORD);
    await Promise.all([p.waitForURL((url) => url.pathname !== '/sign-in'), p.click('main button[type=submit]')]);
    await p.goto(`${base}/area/equity`);
    await p.setInputFiles('input[type=file][name=file]', {
      name: 'population.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('White,150000\nAsian,50000\n'),
    });
    await Promise.all([
      p.waitForURL(/\/area\/equity\?by=ethnic_group$/),
      p.click('form[enctype="multipart/form-data"] button[type=submit]'),
    ]);
    expect(await p.textContent('main')).toContain('Population saved for 2 groups.');
    await p.goto(`${base}/area/settings`);
    await p.fill('#tier0', '260');
    await p.fill('#note', 'A little more for clinicians');
    await Promise.all([p.waitForURL(/\/area\/settings$/), p.click('form[action="/area/settings/policy"] button[type=submit]')]);
    expect(await p.textContent('main')).toContain('items up to £260');
    await noScript.close();
  });
});
