import { Browser } from 'playwright-core';
import { checkHtml, checkPage, createTestApp, launchBrowser, TestApp } from '@kinwell/testing';

/** The home page in a real Chromium: no WCAG 2.2 AA violations, and no sideways scroll at 320 px. */
describe('the home page in a browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ SEED_DEMO: 'false' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser.close();
    await t.close();
  });

  it('catches what it should: a missing alt text, an unlabelled field, and a page wider than the phone', async () => {
    const bad = await checkHtml(
      browser,
      '<!doctype html><html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1><img src="x.png"><input type="text"><div style="width:900px">wide</div></main></body></html>',
      320,
    );
    expect(bad.violations.map((v) => v.id)).toEqual(expect.arrayContaining(['image-alt', 'label']));
    expect(bad.overflowPx).toBeGreaterThan(500);
  });

  it.each([1024, 320])('passes axe and fits %i px', async (width) => {
    const { violations, overflowPx, page } = await checkPage(browser, `${await t.url()}/`, width);
    expect(violations).toEqual([]);
    expect(overflowPx).toBe(0);
    await page.context().close();
  });
});
