import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Page } from 'playwright-core';

// Chromium from the @sparticuz/chromium npm package (no apt, no download), unless CHROMIUM_PATH names another.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** A real headless Chromium for a test file; close it in afterAll. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

/** The Chromium to drive: CHROMIUM_PATH if set, else the one inside the @sparticuz/chromium package. */
export async function chromiumPath(): Promise<string> {
  return process.env.CHROMIUM_PATH ?? (await (await import('@sparticuz/chromium')).default.executablePath());
}

export interface PageCheck {
  /** axe's WCAG 2.2 A and AA violations, by rule id and the first offending element. */
  violations: Array<{ id: string; impact: string | null | undefined; target: string }>;
  /** How far the page is wider than the window: 0 means no sideways scroll. */
  overflowPx: number;
}

/** Opens `url` in a fresh context `width` pixels wide and checks it with axe and for sideways scroll. */
export async function checkPage(browser: Browser, url: string, width = 1024): Promise<PageCheck & { page: Page }> {
  const page = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
  const response = await page.goto(url);
  if (!response || response.status() >= 400) throw new Error(`${url} answered ${response?.status()}`);
  return { page, ...(await analyse(page)) };
}

/** The same check on markup given directly: how the harness proves it catches what it should. */
export async function checkHtml(browser: Browser, html: string, width = 1024): Promise<PageCheck> {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.setContent(html);
  try {
    return await analyse(page);
  } finally {
    await context.close();
  }
}

/** The check on the page a test has already opened (signed in, after a form, an error page). */
export async function analyse(page: Page): Promise<PageCheck> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  // A string, so this Node-side code needs no DOM types.
  const overflowPx = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  return {
    overflowPx: Math.max(0, overflowPx),
    violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, target: String(v.nodes[0]?.target ?? '') })),
  };
}
