import { Browser } from 'playwright-core';
import { createTestApp, launchBrowser, makeUser, signedInContext, TEST_PASSWORD, TestApp } from '@kinwell/testing';

// What the pages' script adds when it runs: the session timeout warning, and the design system's own
// messages in the page's language.
// Each test checks many pages in a real browser, a second or so each with axe.
jest.setTimeout(180_000);

describe('the pages with JavaScript', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // Two idle minutes: the warning, due two minutes before the end, shows at once.
    [t, browser] = await Promise.all([createTestApp({ SESSION_IDLE_MINUTES: '2' }), launchBrowser()]);
    base = await t.url();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('warns before signing a person out, and "Stay signed in" keeps the session', async () => {
    const user = await makeUser(t.dataSource, { displayName: 'Rukhsana' });
    const context = await signedInContext(browser, base, user.email, TEST_PASSWORD);
    const page = await context.newPage();
    await page.goto(`${base}/my`);
    const warning = page.locator('[data-module="kinwell-timeout"]');
    await warning.waitFor({ state: 'visible' });
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe('Stay signed in');
    const [response] = await Promise.all([
      page.waitForResponse('**/session/keep-alive'),
      page.click('[data-module="kinwell-timeout"] button'),
    ]);
    expect(response.status()).toBe(204);
    await context.close();
  });

  it('gives the design system’s own script its words in Urdu', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await context.addCookies([{ name: 'kinwell_lang', value: 'ur', url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/ask/help`);
    await page.fill('#whatWouldHelp', 'مدد');
    await page.waitForFunction('document.querySelector(".nhsuk-character-count__status")?.textContent.includes("حروف")');
    expect(await page.textContent('.nhsuk-character-count__status')).toContain('1,997');
    await page.goto(`${base}/sign-in`);
    expect((await page.textContent('.nhsuk-password-input__toggle'))?.trim()).toBe('دکھائیں');
    await context.close();
  });
});
