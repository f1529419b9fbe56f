import { Browser, Page } from 'playwright-core';
import { seedDemoData } from '@kinwell/demo';
import { SearchIndexer } from '@kinwell/search';
import { checkVisits, createTestApp, launchBrowser, PageVisit, TestApp } from '@kinwell/testing';

// Every signed-out page template and state, in English and in Urdu (right to left), on a 320 px phone.
// Each test checks many pages in a real browser, a second or so each with axe.
jest.setTimeout(180_000);

describe('the public pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let offeringId: string;
  let providerId: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
    await seedDemoData(t.app);
    await t.app.get(SearchIndexer).rebuild();
    base = await t.url();
    [{ id: offeringId, organisation_id: providerId }] = await t.dataSource.query(
      `SELECT id, organisation_id FROM offering WHERE name = 'Counselling session in Urdu' LIMIT 1`,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const go = (path: string) => async (page: Page) => page.goto(`${base}${path}`);
  const visits = (): PageVisit[] => [
    { name: 'home', open: go('/') },
    { name: 'about', open: go('/personal-health-budgets') },
    { name: 'challenge', open: go('/personal-health-budgets/challenge') },
    { name: 'examples', open: go('/personal-health-budgets/examples') },
    { name: 'accessibility', open: go('/accessibility') },
    { name: 'find support', open: go('/find-support') },
    { name: 'search results with filters open', open: go('/find-support?q=counselling&language=ur&mode=online&page=1') },
    { name: 'search with nothing found', open: go('/find-support?q=qqqzzzxxx') },
    { name: 'search with a mistake', open: go('/find-support?maxPrice=lots') },
    { name: 'offering', open: go(`/find-support/offerings/${offeringId}`) },
    { name: 'provider', open: go(`/find-support/providers/${providerId}`) },
    { name: 'sign in', open: go('/sign-in') },
    {
      name: 'sign in with a mistake',
      open: async (page) => {
        await page.goto(`${base}/sign-in`);
        await page.fill('#email', 'nobody@example.com');
        await page.fill('#password', 'wrong');
        await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
      },
    },
    { name: 'signed out', open: go('/signed-out') },
    { name: 'not found', open: go('/find-support/offerings/nope') },
    { name: 'ask: start', open: go('/ask') },
    {
      name: 'ask: what would help, with a mistake',
      open: async (page) => {
        await page.goto(`${base}/ask/help`);
        await Promise.all([page.waitForURL(`${base}/ask/help`), page.click('main button[type=submit]')]);
      },
    },
    {
      name: 'ask: contact (conditional fields)',
      open: async (page) => {
        await page.goto(`${base}/ask/help`);
        await page.fill('#whatWouldHelp', 'A counsellor who speaks Urdu');
        await Promise.all([page.waitForURL(`${base}/ask/contact`), page.click('main button[type=submit]')]);
        await page.check('#contactBy-2');
      },
    },
    {
      name: 'ask: about you',
      open: async (page) => {
        await page.fill('#name', 'Rukhsana');
        await page.fill('#phone', '07700 900 982');
        await Promise.all([page.waitForURL(`${base}/ask/about`), page.click('main button[type=submit]')]);
      },
    },
    {
      name: 'ask: check answers',
      open: async (page) => {
        await page.fill('#postcodeDistrict', 'E8');
        await page.check('input[name=area]');
        await Promise.all([page.waitForURL(`${base}/ask/check`), page.click('main button[type=submit]')]);
      },
    },
    {
      name: 'ask: sent',
      open: async (page) => {
        await page.check('#consent');
        await Promise.all([page.waitForURL(/\/ask\/done\//), page.click('main button[type=submit]')]);
      },
    },
  ];

  it.each(['en', 'ur'])('every page in %s: no axe violations and no sideways scroll at 320 px', async (lang) => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await context.addCookies([{ name: 'kinwell_lang', value: lang, url: base }]);
    const page = await context.newPage();
    const results = await checkVisits(page, visits());
    await context.close();
    expect(results.filter((r) => r.violations.length || r.overflowPx)).toEqual([]);
    expect(results).toHaveLength(visits().length);
  });

  it('mirrors the layout for Urdu: text starts on the right and the back link points right', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await context.addCookies([{ name: 'kinwell_lang', value: 'ur', url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/find-support/offerings/${offeringId}`);
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    expect(await page.evaluate('getComputedStyle(document.querySelector("h1")).textAlign')).toMatch(/^(start|right)$/);
    const h1 = (await page.locator('h1').boundingBox())!;
    expect(h1.x + h1.width).toBeGreaterThan(300); // hugs the right edge of a 320 px screen
    // The back link's chevron: a corner rotated to point left in English; mirrored, it points right in Urdu.
    const chevron = () => page.evaluate<string>('getComputedStyle(document.querySelector(".nhsuk-back-link"), "::before").transform');
    expect(Number(/matrix\(([-\d.e]+)/.exec(await chevron())![1])).toBeGreaterThan(0);
    await context.addCookies([{ name: 'kinwell_lang', value: 'en', url: base }]);
    await page.reload();
    expect(Number(/matrix\(([-\d.e]+)/.exec(await chevron())![1])).toBeLessThan(0);
    await context.close();
  });

  it('fits 1024 px too', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    const results = await checkVisits(page, visits().slice(0, 10));
    await context.close();
    expect(results.filter((r) => r.violations.length || r.overflowPx)).toEqual([]);
  });

  it('can be used by keyboard alone: skip link, search, a result', async () => {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 800 } })).newPage();
    await page.goto(`${base}/find-support`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('q');
    await page.keyboard.type('urdu counselling');
    await Promise.all([page.waitForURL(/q=urdu/), page.keyboard.press('Enter')]);
    await page.locator('#results').waitFor();
    // Tab onwards until the first result's link has focus, then follow it.
    for (let i = 0; i < 40 && !(await page.evaluate<boolean>('!!document.activeElement.closest(".kinwell-result")')); i++)
      await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>('document.activeElement.getAttribute("href")');
    expect(focused).toMatch(/^\/find-support\/offerings\//);
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).backgroundColor');
    expect(outline).toBe('rgb(255, 235, 59)'); // the design system's yellow focus
    await Promise.all([page.waitForURL(/\/find-support\/offerings\//), page.keyboard.press('Enter')]);
    await page.context().close();
  });
});
