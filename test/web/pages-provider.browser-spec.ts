import { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { PurchasingService } from '@kinwell/payments';
import { approvedItems, checkVisits, createTestApp, launchBrowser, PageVisit, signedInContext, TestApp } from '@kinwell/testing';

const failed = (results: Array<{ name: string; violations: unknown[]; overflowPx: number }>) =>
  results.filter((r) => r.violations.length || r.overflowPx);

// The provider's listing pages, each template and state once, in a real Chromium at 320 px, in English and Urdu.
jest.setTimeout(180_000);

describe("the provider's pages in a browser", () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let orgId: string;
  let serviceId: string;
  let intentId: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
    await seedDemoData(t.app);
    base = await t.url();
    [{ organisation_id: orgId }] = await t.dataSource.query(
      `SELECT m.organisation_id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = 'provider@kinwell.demo' AND m.role = 'provider_staff'`,
    );
    [{ id: serviceId }] = await t.dataSource.query(
      `SELECT id FROM service WHERE organisation_id = $1 AND withdrawn_at IS NULL ORDER BY name LIMIT 1`,
      [orgId],
    );
    // An order by invoice waiting for the provider's invoice.
    const [offering] = await t.dataSource.query(`SELECT id FROM offering WHERE organisation_id = $1 AND withdrawn_at IS NULL LIMIT 1`, [
      orgId,
    ]);
    const f = await approvedItems(t, 100_000, [], [offering.id]);
    intentId = (await t.app.get(PurchasingService).orderByInvoice(f.broker, f.itemIds[0])).id;
    // One service going stale, so its state and "still correct" are on the page.
    await t.dataSource.query(`UPDATE service SET stale_flagged_at = now() WHERE id = $1`, [serviceId]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const go = (path: string) => async (page: Page) => page.goto(`${base}${path}`);
  const send =
    (path: string, fill: Record<string, string> = {}, check: string[] = []) =>
    async (page: Page) => {
      await page.goto(`${base}${path}`);
      for (const [selector, value] of Object.entries(fill)) await page.fill(selector, value);
      for (const selector of check) await page.check(selector);
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
      await page.waitForLoadState('load');
    };

  it.each(['en', 'ur'])('listings, an offering’s questions, its preview, and withdrawing (%s)', async (language) => {
    const context = await signedInContext(browser, base, 'provider@kinwell.demo', DEMO_PASSWORD);
    await context.addCookies([{ name: 'kinwell_lang', value: language, url: base }]);
    const page = await context.newPage();
    const offering = `/provider/${orgId}/offerings/new`;
    const visits: PageVisit[] = [
      { name: 'your listings', open: go(`/provider/${orgId}`) },
      { name: 'help for a first-time lister', open: go('/provider/help') },
      { name: 'offering: details', open: go(`${offering}/details?service=${serviceId}`) },
      { name: 'offering: details, with mistakes', open: send(`${offering}/details?service=${serviceId}`) },
      {
        name: 'offering: price, with mistakes',
        open: async (p) => {
          await send(`${offering}/details?service=${serviceId}`, { '#name': 'Walking group', '#description': 'A gentle walk each week.' }, [
            `#serviceId input[value="${serviceId}"], input[name=serviceId][value="${serviceId}"]`,
            'input[name=kind][value=course]',
          ])(p);
          await p.selectOption('#category', { index: 1 });
          await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click('main form button[type=submit]')]);
          await p.waitForLoadState('load');
          await send(`${offering}/price`, { '#price': '12.345' })(p);
        },
      },
      {
        name: 'offering: check, with the preview',
        open: async (p) => {
          await send(`${offering}/price`, { '#price': '25' }, ['input[name=unit][value=one_off]', 'input[name=available][value=yes]'])(p);
          if (!p.url().endsWith('/check')) throw new Error(`the price page led to ${p.url()}, not the check page`);
        },
      },
      { name: 'a service: about', open: go(`/provider/${orgId}/services/new/about`) },
      { name: 'a service: about, with mistakes', open: send(`/provider/${orgId}/services/new/about`) },
      { name: 'a service: when and where', open: go(`/provider/${orgId}/services/${serviceId}/when`) },
      {
        name: 'a service: when and where, with mistakes',
        open: send(`/provider/${orgId}/services/${serviceId}/when`, { '#opens1': '25:00', '#serviceAreas': 'nowhere' }),
      },
      { name: 'a service: check', open: go(`/provider/${orgId}/services/${serviceId}/check`) },
      { name: 'the profile', open: go(`/provider/${orgId}/profile/details`) },
      { name: 'the profile, with mistakes', open: send(`/provider/${orgId}/profile/details`, { '#website': 'nope' }) },
      {
        name: 'the profile, checked',
        open: send(`/provider/${orgId}/profile/details`, { '#website': '' }, ['input[name=paymentMethods][value=invoice]']),
      },
      { name: 'a place', open: go(`/provider/${orgId}/locations/new/details`) },
      { name: 'a place, with mistakes', open: send(`/provider/${orgId}/locations/new/details`, { '#postcode': 'nowhere' }) },
      {
        name: 'a place, checked',
        open: send(`/provider/${orgId}/locations/new/details`, {
          '#name': 'Hall',
          '#addressLine': '1 Road',
          '#town': 'London',
          '#postcode': 'E8 3AB',
        }),
      },
      { name: 'orders', open: go(`/provider/${orgId}/orders`) },
      { name: 'an order waiting for its invoice', open: go(`/provider/${orgId}/orders/${intentId}`) },
      {
        name: 'an order, invoice form with mistakes',
        open: send(`/provider/${orgId}/orders/${intentId}`, { '#invoiceNumber': 'no spaces allowed!' }),
      },
      { name: 'how you are paid, with mistakes', open: send(`/provider/${orgId}/payment-details`, { '#sortCode': '12' }) },
      {
        name: 'how you are paid, saved and masked',
        open: send(`/provider/${orgId}/payment-details`, {
          '#accountName': 'The Collective',
          '#sortCode': '12-34-56',
          '#accountNumber': '12345678',
        }),
      },
      { name: 'withdraw a service', open: go(`/provider/${orgId}/withdraw/service/${serviceId}`) },
      { name: 'withdraw a service, unconfirmed', open: send(`/provider/${orgId}/withdraw/service/${serviceId}`) },
    ];
    expect(failed(await checkVisits(page, visits))).toEqual([]);
    expect(page.url()).toContain('/withdraw/');
    await context.close();
  });
});
