import type { Browser, BrowserContext, Page } from 'playwright-core';
import { analyse } from './browser';
import { CODE_ATTEMPTS, totpCode } from './test-app';

export interface PageVisit {
  /** What the page is, for the failure message. */
  name: string;
  /** Opens the page (or brings it to the state to check) in `page`. */
  open: (page: Page) => Promise<unknown>;
}

/**
 * Checks each page state once: axe finds nothing for WCAG 2.2 A and AA, and nothing is wider than the
 * window. Failures name the page, so one run shows every page that needs work.
 */
export async function checkVisits(
  page: Page,
  visits: PageVisit[],
): Promise<Array<{ name: string; violations: unknown[]; overflowPx: number }>> {
  const results = [];
  for (const visit of visits) {
    await visit.open(page).catch(async (error: unknown) => {
      // Say where the page was and what it said, so a failure far from here can be read.
      const said = await page.evaluate<string>('document.querySelector("h1, .nhsuk-error-summary")?.textContent ?? ""').catch(() => '');
      throw new Error(`${visit.name}: ${String(error)}\n  at ${page.url()}, which says: ${said.replace(/\s+/g, ' ').trim().slice(0, 300)}`);
    });
    const { violations, overflowPx } = await analyse(page);
    results.push({ name: visit.name, violations, overflowPx });
  }
  return results;
}

/** A browser context signed in through the real sign-in form, `width` pixels wide. */
export async function signedInContext(
  browser: Browser,
  base: string,
  email: string,
  password: string,
  width = 320,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in', { timeout: 60_000 }),
    page.click('main button[type=submit]'),
  ]);
  if (response.status() !== 303) {
    const text = await response.text().catch(() => '');
    throw new Error(
      `Signing in ${email} answered ${response.status()}: ${text
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 600)}`,
    );
  }
  await page.waitForURL((url) => url.pathname === '/sign-in/code' || !url.pathname.startsWith('/sign-in'), { timeout: 60_000 });
  // Staff with two-step verification: the test and demo secret's code (a code used this step already: the next one).
  for (const attempt of CODE_ATTEMPTS) {
    if (new URL(page.url()).pathname !== '/sign-in/code') break;
    await page.fill('#code', await totpCode(undefined, attempt));
    const [sent] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in/code', { timeout: 60_000 }),
      page.click('main button[type=submit]'),
    ]);
    if (sent.status() === 303) await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 60_000 });
    else await page.waitForLoadState('load');
  }
  if (new URL(page.url()).pathname.startsWith('/sign-in')) throw new Error(`Signing in ${email} stopped at ${page.url()}`);
  await page.close();
  return context;
}
