import { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemoData, URDU_HOLDER } from '@kinwell/demo';
import { AuthService } from '@kinwell/identity';
import { BudgetKind } from '@kinwell/budgets';
import { Money } from '@kinwell/kernel';
import { DecisionKind, HoldersService, PlanDraftingService, SignOffService } from '@kinwell/plans';
import { SearchIndexer } from '@kinwell/search';
import { checkVisits, planOfHolder, createTestApp, launchBrowser, PageVisit, signedInContext, TestApp } from '@kinwell/testing';

const ok = (results: Array<{ name: string; violations: unknown[]; overflowPx: number }>) =>
  results.filter((r) => r.violations.length || r.overflowPx);

// The holder's and carer's page templates, each state once, in a real Chromium at 320 px.
// Each test checks many pages in a real browser, a second or so each with axe.
jest.setTimeout(180_000);

describe('the holder’s and carer’s pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const planOf = (email: string) => planOfHolder(t.dataSource, email);

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
    await seedDemoData(t.app);
    await t.app.get(SearchIndexer).rebuild();
    base = await t.url();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const go = (path: string) => async (page: Page) => page.goto(`${base}${path}`);

  it('a holder whose plan is in sign-off (English)', async () => {
    const planId = await planOf('holder@kinwell.demo');
    const [approved, pending] = await t.dataSource.query(`SELECT id FROM plan_item WHERE plan_id = $1 ORDER BY status = 'approved' DESC`, [
      planId,
    ]);
    const context = await signedInContext(browser, base, 'holder@kinwell.demo', DEMO_PASSWORD);
    const visits: PageVisit[] = [
      { name: 'my', open: go('/my') },
      { name: 'plan in sign-off', open: go(`/plans/${planId}`) },
      { name: 'budget', open: go(`/plans/${planId}/budget`) },
      { name: 'approved item', open: go(`/plans/${planId}/items/${approved.id}`) },
      { name: 'pending item', open: go(`/plans/${planId}/items/${pending.id}`) },
      { name: 'spending by goal', open: go(`/plans/${planId}/spending`) },
      { name: 'no receipts needed', open: go(`/plans/${planId}/receipts/new`) },
      { name: 'direct payment spend', open: go(`/plans/${planId}/items/${approved.id}/spend`) },
      {
        name: 'direct payment spend with mistakes',
        open: async (page) => {
          await page.goto(`${base}/plans/${planId}/items/${approved.id}/spend`);
          await page.fill('#amount', '12.345');
          await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
        },
      },
      { name: 'people', open: go(`/plans/${planId}/people`) },
      { name: 'contacts', open: go(`/plans/${planId}/contacts`) },
      { name: 'about you', open: go(`/plans/${planId}/about-you`) },
      {
        name: 'about you: consent not answered',
        open: async (page) => {
          await page.goto(`${base}/plans/${planId}/about-you`);
          await page.selectOption('#ethnicity', 'black-caribbean');
          await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
        },
      },
      { name: 'notifications', open: go('/notifications') },
      { name: 'rapid review not yet', open: go(`/plans/${planId}/rapid-review`) },
      { name: 'forbidden', open: go(`/plans/${await planOf(URDU_HOLDER)}`) },
    ];
    const results = await checkVisits(await context.newPage(), visits);
    await context.close();
    expect(ok(results)).toEqual([]);
  });

  it('a holder building her plan, in Urdu, with a decline and an appeal', async () => {
    const planId = await planOf(URDU_HOLDER);
    const context = await signedInContext(browser, base, URDU_HOLDER, DEMO_PASSWORD);
    const [{ id: offeringId }] = await t.dataSource.query(`SELECT id FROM offering WHERE name = 'Counselling session in Urdu' LIMIT 1`);
    const submit = (page: Page) => Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
    const visits: PageVisit[] = [
      { name: 'empty draft plan', open: go(`/plans/${planId}`) },
      { name: 'add a goal', open: go(`/plans/${planId}/goals/new`) },
      { name: 'add a goal: empty', open: async (page) => submit(page) },
      {
        name: 'plan with a goal, and a banner',
        open: async (page) => {
          await page.fill('#text', 'میں دوبارہ لوگوں سے بات کرنا چاہتی ہوں');
          await submit(page);
        },
      },
      { name: 'own-words item', open: go(`/plans/${planId}/items/new`) },
      { name: 'own-words item: mistakes', open: async (page) => submit(page) },
      { name: 'directory item', open: go(`/plans/${planId}/items/new?offering=${offeringId}`) },
      {
        name: 'plan with an item',
        open: async (page) => {
          await page.check('#goal');
          await submit(page);
        },
      },
      { name: 'check and agree', open: go(`/plans/${planId}/agree`) },
      { name: 'agree: not ticked', open: async (page) => submit(page) },
      {
        name: 'plan sent for sign-off',
        open: async (page) => {
          await page.check('#agree');
          await submit(page);
        },
      },
      { name: 'search within the budget', open: go('/find-support?q=counselling&withinBudget=yes') },
      { name: 'about you', open: go(`/plans/${planId}/about-you`) },
    ];
    const page = await context.newPage();
    const results = await checkVisits(page, visits);
    expect(ok(results)).toEqual([]);

    const [{ id: itemId }] = await t.dataSource.query(`SELECT id FROM plan_item WHERE plan_id = $1`, [planId]);
    const coordinator = await t.app.get(AuthService).authenticate(await t.signIn('coordinator@kinwell.demo', DEMO_PASSWORD));
    await t.app.get(SignOffService).decide(coordinator, itemId, DecisionKind.Decline, 'We need a letter from your GP first.');
    const after = await checkVisits(page, [
      { name: 'declined item', open: go(`/plans/${planId}/items/${itemId}`) },
      { name: 'appeal', open: go(`/plans/${planId}/items/${itemId}/appeal`) },
      {
        name: 'appeal: too short',
        open: async (p) => {
          await p.fill('#reason', 'no');
          await submit(p);
        },
      },
    ]);
    await context.close();
    expect(ok(after)).toEqual([]);
  });

  it('a carer: the people they support, and a plan under the banner', async () => {
    const context = await signedInContext(browser, base, 'carer@kinwell.demo', DEMO_PASSWORD);
    const results = await checkVisits(await context.newPage(), [
      { name: 'people I support', open: go('/my') },
      { name: 'their plan', open: go(`/plans/${await planOf(URDU_HOLDER)}`) },
    ]);
    await context.close();
    expect(ok(results)).toEqual([]);
  });

  it('the whole journey on a 360 px phone with JavaScript off, in Urdu: sign in, a goal, a search within the budget, add it, agree and send', async () => {
    // Grace's broker opens her budget and starts her plan.
    const broker = await t.app.get(AuthService).authenticate(await t.signIn('broker@kinwell.demo', DEMO_PASSWORD));
    const [{ id: holderId }] = await t.dataSource.query(
      `SELECT h.id FROM holder h JOIN app_user u ON u.id = h.user_id WHERE u.email = 'holder4@kinwell.demo'`,
    );
    const budget = await t.app.get(HoldersService).openBudget(broker, holderId, {
      kind: BudgetKind.ThirdParty,
      periodStart: new Date().toISOString().slice(0, 10),
      periodEnd: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10),
      allocation: Money.ofPence(50_000),
      allocationNote: 'For talking therapy',
      allocationLines: [],
    });
    const plan = await t.app.get(PlanDraftingService).createPlan(broker, holderId, budget.id, null);

    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
    await context.addCookies([{ name: 'kinwell_lang', value: 'ur', url: base }]);
    const page = await context.newPage();
    const click = (selector: string) => Promise.all([page.waitForLoadState('load'), page.click(selector)]);
    await page.goto(`${base}/my`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.fill('#email', 'holder4@kinwell.demo');
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/my`), page.click('main button[type=submit]')]);
    expect(await page.textContent('h1')).toContain('السلام علیکم، Grace');
    await click('a[href="/plans/' + plan.id + '"]');
    expect(await page.textContent('main')).toContain('خرچ کرنے کے لیے £500 باقی');
    await click('a[href$="/goals/new"]');
    await page.fill('#text', 'Talk to someone who understands my family');
    await Promise.all([page.waitForURL(`${base}/plans/${plan.id}`), page.click('main form button[type=submit]')]);
    expect(await page.textContent('main')).toContain('Talk to someone who understands my family');

    await page.goto(`${base}/find-support`);
    await page.click('summary'); // <details> opens without script
    await page.check('input[name=language][value=ur]');
    await page.check('#withinBudget');
    await page.fill('#q', 'counselling');
    await Promise.all([page.waitForURL(/language=ur/), page.click('main form button[type=submit]')]);
    expect(await page.textContent('#results')).toMatch(/\d+ نتائج|\d+ نتیجہ/);
    await click('.kinwell-result a[href*="/items/new?offering="]');
    await page.check('#goal');
    await Promise.all([page.waitForURL(`${base}/plans/${plan.id}`), page.click('main form button[type=submit]')]);
    expect(await page.textContent('main')).toContain('اسے آپ کے پلان میں شامل کر دیا گیا۔');
    await click('a[href$="/agree"]');
    await page.check('#agree');
    await Promise.all([page.waitForURL(`${base}/plans/${plan.id}`), page.click('main form button[type=submit]')]);
    expect(await page.textContent('main')).toContain('آپ کا پلان منظوری کے لیے بھیج دیا گیا۔');
    expect((await t.dataSource.query(`SELECT status FROM support_plan WHERE id = $1`, [plan.id]))[0].status).toBe('submitted');
    await context.close();
  });
});
