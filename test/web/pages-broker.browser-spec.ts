import { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { Money } from '@kinwell/kernel';
import { PurchasingService } from '@kinwell/payments';
import { ReconciliationService } from '@kinwell/reconciliation';
import {
  approvedItems,
  ApprovedItems,
  checkVisits,
  createTestApp,
  launchBrowser,
  PageVisit,
  signedInContext,
  TEST_PASSWORD,
  TestApp,
} from '@kinwell/testing';

const failed = (results: Array<{ name: string; violations: unknown[]; overflowPx: number }>) =>
  results.filter((r) => r.violations.length || r.overflowPx);

// The broker's holder, plan and buying pages and the panel's, each template and state once, in a real Chromium at 320 px.
jest.setTimeout(180_000);

describe("the broker's and the panel's pages in a browser", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let f: ApprovedItems;
  let holderId: string;
  let cardPurchase: string;
  let invoicePurchase: string;
  let exceptionId: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
    await seedDemoData(t.app);
    base = await t.url();
    const [offering] = await t.dataSource.query(`SELECT id FROM offering WHERE name = 'Counselling session in Urdu: block of 6'`);
    f = await approvedItems(t, 100_000, [20_000, 7_500], [offering.id]);
    [{ holder_id: holderId }] = await t.dataSource.query(`SELECT holder_id FROM support_plan WHERE id = $1`, [f.planId]);
    const purchasing = t.app.get(PurchasingService);
    cardPurchase = (await purchasing.buyWithCard(f.broker, f.itemIds[0])).intent.id;
    invoicePurchase = (await purchasing.orderByInvoice(f.broker, f.itemIds[2])).id;
    await purchasing.simulateCardPurchase(f.broker, cardPurchase, 'Sports Direct', 'sporting_goods_stores', Money.ofPence(15_000));
    await t.app.get(ReconciliationService).reconcilePlan(f.planId);
    [{ id: exceptionId }] = await t.dataSource.query(`SELECT id FROM spend_exception WHERE plan_id = $1 LIMIT 1`, [f.planId]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const go = (path: string) => async (page: Page) => page.goto(`${base}${path}`);
  /** Sends the page's main form as it stands (or with these answers), and waits for the answer to the POST. */
  const send =
    (path: string, fill: Record<string, string> = {}, button = 'main form button[type=submit]') =>
    async (page: Page) => {
      await page.goto(`${base}${path}`);
      for (const [selector, value] of Object.entries(fill)) await page.fill(selector, value);
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click(button)]);
      await page.waitForLoadState('load');
    };

  it.each(['en', 'ur'])("the broker's pages (%s)", async (language) => {
    const context = await signedInContext(browser, base, f.broker.email, TEST_PASSWORD);
    await context.addCookies([{ name: 'kinwell_lang', value: language, url: base }]);
    const page = await context.newPage();
    const buy = `/broker/plans/${f.planId}/items/${f.itemIds[1]}/buy`;
    const visits: PageVisit[] = [
      { name: 'holder record', open: go(`/broker/holders/${holderId}`) },
      { name: 'open a budget', open: go(`/broker/holders/${holderId}/budget`) },
      { name: 'open a budget, with mistakes', open: send(`/broker/holders/${holderId}/budget`, { '#line1Amount': '12.345' }) },
      { name: 'plan: sign-off and buying', open: go(`/broker/plans/${f.planId}`) },
      { name: 'crisis and contingency plan', open: go(`/plans/${f.planId}/contingency`) },
      { name: 'buy: how to pay', open: go(buy) },
      { name: 'buy: how to pay, nothing chosen', open: send(buy) },
      { name: 'buy: check', open: go(`${buy}/check?method=direct_payment&reference=BACS+1`) },
      { name: 'purchase by card, with its sandbox details', open: go(`/broker/purchases/${cardPurchase}`) },
      { name: 'purchase by invoice', open: go(`/broker/purchases/${invoicePurchase}`) },
      { name: 'top up', open: go(`/broker/plans/${f.planId}/top-up`) },
      { name: 'top up, with mistakes', open: send(`/broker/plans/${f.planId}/top-up`, { '#amount': '-5' }) },
      { name: 'close the plan', open: go(`/broker/plans/${f.planId}/close`) },
      { name: 'spending to check', open: go('/broker/exceptions') },
      { name: 'an exception', open: go(`/broker/exceptions/${exceptionId}`) },
      {
        name: 'an exception, recovering without an amount',
        open: async (p) => {
          await p.goto(`${base}/broker/exceptions/${exceptionId}`);
          await p.check('input[value=recover]');
          await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click('main form button[type=submit]')]);
          await p.waitForLoadState('load');
        },
      },
      { name: 'statement', open: go(`/broker/plans/${f.planId}/statement`) },
    ];
    expect(failed(await checkVisits(page, visits))).toEqual([]);
    await context.close();
  });

  it.each(['en', 'ur'])('the referral form, its mistakes and its confirmation (%s)', async (language) => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await context.addCookies([{ name: 'kinwell_lang', value: language, url: base }]);
    const page = await context.newPage();
    const visits: PageVisit[] = [
      { name: 'refer', open: go('/refer') },
      { name: 'refer, with mistakes', open: send('/refer', { '#name': 'Tomasz' }) },
      { name: 'referral sent', open: go('/refer/done/PHB-2345-6789') },
    ];
    expect(failed(await checkVisits(page, visits))).toEqual([]);
    await context.close();
  });

  it("an approver's item with reason templates, and the panel's agenda", async () => {
    const coordinator = await signedInContext(browser, base, 'coordinator@kinwell.demo', DEMO_PASSWORD);
    const page = await coordinator.newPage();
    await page.goto(`${base}/approvals`);
    const first = await page.getAttribute('main table a', 'href');
    expect(first).toMatch(/^\/approvals\/[0-9a-f-]{36}$/);
    const visits: PageVisit[] = [
      { name: "the team's caseload", open: go('/team') },
      { name: 'approval item', open: go(first!) },
      {
        name: 'approval item, declined without a reason',
        open: async (p) => {
          await p.goto(`${base}${first}`);
          await p.check('input[value=decline]');
          await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click('main form button[type=submit]')]);
          await p.waitForLoadState('load');
        },
      },
    ];
    expect(failed(await checkVisits(page, visits))).toEqual([]);
    await coordinator.close();
    const chair = await signedInContext(browser, base, 'phblead@kinwell.demo', DEMO_PASSWORD);
    const chairPage = await chair.newPage();
    expect(failed(await checkVisits(chairPage, [{ name: 'panel agenda', open: go('/approvals/panel') }]))).toEqual([]);
    await chair.close();
  });
});
