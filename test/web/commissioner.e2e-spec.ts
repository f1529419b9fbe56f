import { XMLValidator } from 'fast-xml-parser';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { TransactionHost } from '@kinwell/database';
import { refreshInsights } from '@kinwell/insights';
import { SignOffService } from '@kinwell/plans';
import { createTestApp, pageText, TestApp, WebClient } from '@kinwell/testing';

/** The commissioner's workspace over HTTP: every page, the downloads, the population upload, the policy change, and who may see it. */
describe("the commissioner's workspace", () => {
  let t: TestApp;
  let commissioner: WebClient;
  let areaId: string;
  let holderNames: string[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    await refreshInsights(t.app.get(TransactionHost));
    [{ id: areaId }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'City and Hackney%'`,
    );
    holderNames = (await t.dataSource.query('SELECT preferred_name FROM holder WHERE commissioner_id = $1', [areaId])).map(
      (h: { preferred_name: string }) => h.preferred_name,
    );
    commissioner = new WebClient(t);
    await commissioner.signIn('commissioner@kinwell.demo', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  // A download as the text it is (supertest would parse CSV and SVG as nothing).
  const download = (path: string) =>
    commissioner.agent
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      });

  it('shows every page of the area, each saying when its figures are from, and nothing about a person', async () => {
    const pages: Array<[string, string]> = [
      ['/area', 'Your area at a glance'],
      ['/area/gaps', 'Market gaps'],
      ['/area/gaps?by=language', 'Gaps by Language, biggest first'],
      ['/area/gaps?by=district', 'Gaps by postcode district'],
      ['/area/equity', 'Equity of uptake'],
      ['/area/equity?by=gender', 'Equity of uptake'],
      ['/area/timeliness', 'Days from referral'],
      ['/area/spend', 'Budgets by size'],
      ['/area/outcomes', 'Outcomes'],
      ['/area/decisions', 'Appeals, by how they ended'],
      ['/area/settings', 'How items are signed off (version 1)'],
      ['/area/report', 'Personal health budgets:'],
    ];
    for (const [path, heading] of pages) {
      const page = await commissioner.get(path);
      const text = pageText(page.text);
      expect([path, page.status]).toEqual([path, 200]);
      expect([path, text.includes(heading) ? heading : text.slice(0, 1500)]).toEqual([path, heading]);
      for (const name of holderNames) expect([path, name, new RegExp(`\\b${name}\\b`).test(text)]).toEqual([path, name, false]);
    }
    expect(pageText((await commissioner.get('/area')).text)).toMatch(
      /Counts as of \d+ \w+ \d{4} at \d\d:\d\d\. Spending and budget figures as of/,
    );
    // Chinese tops the demo's language gaps, with the searches that found nothing as its evidence.
    const gaps = pageText((await commissioner.get('/area/gaps?by=language')).text);
    expect(gaps).toMatch(/Items declined Gap Chinese Score/);
    expect(gaps).toContain('What people searched for Times');
    await commissioner.get('/area/gaps?lang=ur');
    expect(pageText((await commissioner.get('/area/gaps')).text)).toContain('مارکیٹ میں کمی');
    await commissioner.get('/area?lang=en');
    expect((await commissioner.get('/area/gaps?by=shoe-size')).status).toBe(404);
    expect(pageText((await commissioner.get('/my')).text)).toContain("Your area's figures");
  });

  it('groups declines by the reason chosen', async () => {
    const [item] = await t.dataSource.query(
      `SELECT i.id, i.round FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND i.status <> 'draft' LIMIT 1`,
      [areaId],
    );
    const [{ id: decider }] = await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'coordinator@kinwell.demo'`);
    await t.dataSource.query(`UPDATE plan_item SET status = 'declined', decided_at = now() WHERE id = $1`, [item.id]);
    await t.dataSource.query(
      `INSERT INTO sign_off_decision (id, item_id, round, decider_user_id, acting_role, lived_experience, decision, reason, reason_code, decided_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'care_coordinator', false, 'decline', 'There may be a cheaper way', 'cheaper', now())`,
      [item.id, item.round, decider],
    );
    // The page shows the area's figures as last worked out, and says when; the next refresh brings the decline in.
    const before = pageText((await commissioner.get('/area/decisions')).text);
    expect(before).not.toContain('A cheaper way may exist');
    await refreshInsights(t.app.get(TransactionHost));
    const page = pageText((await commissioner.get('/area/decisions')).text);
    expect(page).toContain('Declines by reason');
    expect(page).toContain('Reason A cheaper way may exist Items <8');
    const csv = await download('/area/decisions.csv');
    expect(csv.body as string).toContain('declined: cheaper,<8');
  });

  it("counts a panel's decline under the reason template it chose", async () => {
    const [item] = await t.dataSource.query(
      `SELECT i.id FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND i.status = 'pending' LIMIT 1`,
      [areaId],
    );
    // Large enough that only the panel decides it.
    await t.dataSource.query(`UPDATE plan_item SET unit_price_pence = 150000, total_pence = 150000, quantity = 1 WHERE id = $1`, [item.id]);
    const lead = new WebClient(t);
    await lead.signIn('phblead@kinwell.demo', DEMO_PASSWORD);
    const page = await lead.get(`/approvals/panel/${item.id}`);
    expect(page.status).toBe(200);
    const [, member] = /name="membersPresent" type="checkbox" value="([0-9a-f-]{36})"/.exec(page.text)!;
    const today = new Date();
    const done = await lead.submit(`/approvals/panel/${item.id}`, {
      'heldOn-day': String(today.getUTCDate()),
      'heldOn-month': String(today.getUTCMonth() + 1),
      'heldOn-year': String(today.getUTCFullYear()),
      membersPresent: [member],
      decision: 'decline',
      template: 'already_funded',
    });
    expect(done).toMatchObject({ status: 303, location: '/approvals/panel' });
    const [decision] = await t.dataSource.query(`SELECT reason_code FROM sign_off_decision WHERE item_id = $1 AND decision = 'decline'`, [
      item.id,
    ]);
    expect(decision.reason_code).toBe('already_funded');
    await refreshInsights(t.app.get(TransactionHost));
    expect(await download('/area/decisions.csv').then((r) => r.body as string)).toContain('declined: already_funded,<8');
  });

  it('downloads tables as CSV a spreadsheet opens as written, and charts as SVG that parse as XML', async () => {
    const csv = await download('/area/spend.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="spend.csv"');
    expect((csv.body as string).startsWith('\uFEFFcategory,from the directory (£),outside the directory (£),all (£)')).toBe(true);
    for (const table of ['gaps.csv?by=district', 'equity.csv?by=ethnicity', 'timeliness.csv', 'decisions.csv', 'outcomes.csv']) {
      const res = await download(`/area/${table}`);
      expect([table, res.status, (res.body as string).charCodeAt(0)]).toEqual([table, 200, 0xfeff]);
    }
    expect((await commissioner.get('/area/passwords.csv')).status).toBe(404);
    for (const chart of ['gaps.svg?by=language', 'districts.svg', 'matrix.svg', 'timeliness.svg']) {
      const res = await download(`/area/charts/${chart}`);
      expect([chart, res.status, res.headers['content-type']]).toEqual([chart, 200, 'image/svg+xml; charset=utf-8']);
      expect([chart, XMLValidator.validate(res.body as string)]).toEqual([chart, true]);
    }
  });

  it('takes a population CSV, naming each wrong line, and sets uptake beside it', async () => {
    const upload = async (content: string) => {
      const page = await commissioner.get('/area/equity?by=ethnic_group');
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.text)![1].replace(/&amp;/g, '&');
      return commissioner.agent
        .post(action)
        .field('by', 'ethnic_group')
        .attach('file', Buffer.from(content), { filename: 'population.csv', contentType: 'text/csv' });
    };
    const wrong = await upload('group,population\nWhite,200000\nMartian,12\nasian,lots\n');
    expect(wrong.status).toBe(400);
    const said = pageText(wrong.text);
    expect(said).toContain('There is a problem');
    expect(said).toContain('Line 3: "Martian" is not a group of this breakdown');
    expect(said).toContain('Line 4: write "group,whole number"');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM area_population')).toEqual([{ n: 0 }]);
    const right = await upload('\uFEFFgroup,population\r\nWhite,150000\r\n"Asian, Asian British or Asian Welsh",50000\r\n');
    expect([right.status, right.headers.location]).toEqual([303, '/area/equity?by=ethnic_group']);
    const page = pageText((await commissioner.get('/area/equity?by=ethnic_group')).text);
    expect(page).toContain('Population saved for 2 groups.');
    expect(page).toContain('Population uploaded on');
  });

  it('changes a sign-off threshold as a new version, audited, that the next decision uses', async () => {
    const overviewBefore = pageText((await commissioner.get('/area')).text);
    expect(overviewBefore).toMatch(/Approved items unpaid after (?!12 )\d+ days/);
    const before = await t.app.get(SignOffService).rulesFor({ commissionerId: areaId } as never);
    expect(before.tiers[0].upToPence).toBe(25_000);
    const fields = {
      tier0: '300',
      tier1: '750',
      decideWithinWorkingDays: '8',
      appealWithinWorkingDays: '5',
      rapidReviewWithinWorkingDays: '2',
      escalateAfterWorkingDays: '3',
      unpaidAfterDays: '12',
    };
    const wrong = await commissioner.submit('/area/settings', { ...fields, tier1: '200', note: '' }, '/area/settings/policy');
    expect(wrong.status).toBe(400);
    expect(pageText(wrong.text)).toContain('Enter why you are changing it');
    const saved = await commissioner.submit(
      '/area/settings',
      { ...fields, note: 'Clinicians may now sign off up to £300' },
      '/area/settings/policy',
    );
    expect([saved.status, saved.location]).toEqual([303, '/area/settings']);
    const page = pageText((await commissioner.get('/area/settings')).text);
    expect(page).toContain('Version 2 of the policy is saved');
    expect(page).toContain('items up to £300');
    expect(page).toMatch(
      /Version 2 When \d+ \w+ \d{4} at \d\d:\d\d Who Helen \(ICB commissioner\) Why Clinicians may now sign off up to £300 Version 1 When .* Who Before versions were kept/,
    );
    const after = await t.app.get(SignOffService).rulesFor({ commissionerId: areaId } as never);
    expect([after.tiers[0].upToPence, after.deadlines?.decideWithinWorkingDays]).toEqual([30_000, 8]);
    // The workspace counts items as unpaid by the area's own deadline, at once.
    expect(pageText((await commissioner.get('/area')).text)).toContain('Approved items unpaid after 12 days');
    const [audit] = await t.dataSource.query(`SELECT action, reason, change FROM audit_log WHERE action = 'sign_off_policy.changed'`);
    expect(audit).toMatchObject({
      reason: 'Clinicians may now sign off up to £300',
      change: { version: 2, tierLimits: { from: [25_000, 75_000], to: [30_000, 75_000] } },
    });
    // A limit lower than the tier before it is refused by name, and nothing changes.
    const refused = await commissioner.submit('/area/settings', { ...fields, tier1: '200', note: 'A mistake' }, '/area/settings/policy');
    expect(pageText(refused.text)).toContain('must be more than the tier before it');
    expect(await t.dataSource.query('SELECT version FROM sign_off_policy WHERE commissioner_id = $1', [areaId])).toEqual([{ version: 2 }]);
  });

  it("edits the area's public words", async () => {
    const saved = await commissioner.submit(
      '/area/settings',
      { topic: 'who', language: 'en', body: 'Anyone under the community mental health team in Hackney.' },
      '/area/settings/information',
    );
    expect(saved.status).toBe(303);
    expect(pageText((await commissioner.get(`/personal-health-budgets?area=${areaId}`)).text)).toContain(
      'Anyone under the community mental health team in Hackney.',
    );
  });

  it('asks the worker for fresh figures', async () => {
    const res = await commissioner.submit('/area/spend', { back: '/area/spend' }, '/area/refresh');
    expect([res.status, res.location]).toEqual([303, '/area/spend']);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'insights-refresh'`)).toEqual([{ n: 1 }]);
  });

  it('lets someone who commissions for two areas choose which one the workspace shows, and only among their own', async () => {
    const [{ id: merseyside }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'Cheshire%'`,
    );
    const [{ id: userId }] = await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'commissioner@kinwell.demo'`);
    await t.dataSource.query(
      `INSERT INTO membership (id, user_id, organisation_id, role) VALUES (gen_random_uuid(), $1, $2, 'commissioner')`,
      [userId, merseyside],
    );
    const both = new WebClient(t);
    await both.signIn('commissioner@kinwell.demo', DEMO_PASSWORD);
    const first = pageText((await both.get('/area/spend')).text);
    expect(first).toMatch(/Figures for (City and Hackney Place|Cheshire and Merseyside ICB)/);
    expect(first).toContain('Show another area');
    const hackney = await both.submit('/area/spend', { area: areaId, back: '/area/spend' }, '/area/choose');
    expect(hackney.status).toBe(303);
    expect(pageText((await both.get('/area/spend')).text)).toContain('Figures for City and Hackney Place');
    const chosen = await both.submit('/area/spend', { area: merseyside, back: '/area/spend' }, '/area/choose');
    expect([chosen.status, chosen.location]).toEqual([303, '/area/spend']);
    expect(pageText((await both.get('/area/spend')).text)).toContain('Figures for Cheshire and Merseyside ICB');
    expect(pageText((await both.get('/area/settings')).text)).toContain('Figures for Cheshire and Merseyside ICB');
    // An area that is not theirs is not a choice: the workspace stays where it was.
    const [{ id: other }] = await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'broker' LIMIT 1`);
    const refused = await both.submit('/area/spend', { area: other, back: '/area/spend' }, '/area/choose');
    expect(refused.status).toBe(303);
    expect(pageText((await both.get('/area')).text)).toContain('Figures for Cheshire and Merseyside ICB');
    // With one area again, there is no choice to offer, and the area shown is that one, whatever was chosen before.
    await t.dataSource.query(`DELETE FROM membership WHERE user_id = $1 AND organisation_id = $2`, [userId, merseyside]);
    const one = pageText((await both.get('/area')).text);
    expect(one).not.toContain('Show another area');
    expect(one).toContain('Figures for City and Hackney Place');
  });

  it('is only for commissioners and PHB leads of the area; a PHB lead reads the settings but cannot change them', async () => {
    const broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    for (const path of ['/area', '/area/gaps', '/area/spend.csv', '/area/charts/gaps.svg', '/area/settings'])
      expect([path, (await broker.get(path)).status]).toEqual([path, 403]);
    expect((await new WebClient(t).get('/area')).status).toBe(303);
    const lead = new WebClient(t);
    await lead.signIn('phblead@kinwell.demo', DEMO_PASSWORD);
    const settings = await lead.get('/area/settings');
    expect(settings.status).toBe(200);
    expect(settings.text).not.toContain('action="/area/settings/policy"');
    const token = /name="_csrf" value="([^"]+)"/.exec(settings.text)![1];
    expect((await lead.post('/area/settings/policy', { _csrf: token, note: 'Not mine to change' })).status).toBe(403);
  });
});
