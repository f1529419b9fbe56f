import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { seedDemoData } from '@kinwell/demo';
import { createTestApp, hiddenFields, pageText, TestApp, totpCode } from '@kinwell/testing';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A browser without JavaScript across two sites: cookies kept per host, redirects followed by hand. */
class Browser {
  private readonly cookies = new Map<string, Map<string, string>>();

  async fetch(url: string, form?: Record<string, string>): Promise<{ status: number; location: string | null; text: string; url: string }> {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    this.cookies.set(host, jar);
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair.split('=');
      jar.set(name.trim(), value.join('='));
    }
    const location = res.headers.get('location');
    return { status: res.status, location: location ? new URL(location, url).toString() : null, text: await res.text(), url };
  }

  /** Follows redirects from `url`; stops at a page, or at the first address on `stopAt`. */
  async follow(url: string, stopAt?: string, form?: Record<string, string>) {
    let res = await this.fetch(url, form);
    while (res.location && !(stopAt && res.location.startsWith(stopAt))) res = await this.fetch(res.location);
    return res;
  }
}

/** Single sign-on against a real OpenID provider (oidc-provider) running on loopback, through openid-client. */
describe('single sign-on with OpenID Connect', () => {
  let t: TestApp;
  let provider: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const [appPort, providerPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${appPort}`;
    const callbacks = ['nhs-login', 'entra'].map((k) => `${base}/sign-in/oidc/${k}/callback`).join(',');
    provider = spawn(process.execPath, [join(__dirname, 'support', 'oidc-provider.mjs'), String(providerPort), callbacks], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const issuer = await new Promise<string>((resolve, reject) => {
      provider.stdout!.on('data', (chunk: Buffer) => {
        const ready = /ready (\S+)/.exec(chunk.toString());
        if (ready) resolve(ready[1]);
      });
      provider.on('exit', (code) => reject(new Error(`the OpenID provider exited with ${code}`)));
    });
    const client = { CLIENT_ID: 'kinwell', CLIENT_SECRET: 'kinwell-test-secret' };
    t = await createTestApp({
      PUBLIC_URL: base,
      OIDC_NHS_LOGIN_ISSUER: issuer,
      OIDC_NHS_LOGIN_CLIENT_ID: client.CLIENT_ID,
      OIDC_NHS_LOGIN_CLIENT_SECRET: client.CLIENT_SECRET,
      OIDC_ENTRA_ISSUER: issuer,
      OIDC_ENTRA_CLIENT_ID: client.CLIENT_ID,
      OIDC_ENTRA_CLIENT_SECRET: client.CLIENT_SECRET,
    });
    await seedDemoData(t.app);
    await t.url(appPort);
  });
  afterAll(async () => {
    provider?.kill();
    await t?.close();
  });

  /** Kinwell → the provider's login and consent pages → back to Kinwell: where Kinwell sends the person then. */
  const signInAt = async (browser: Browser, key: string, login: string) => {
    // The provider's development pages: a login form, then a consent form, each posting to its interaction.
    const formOf = (page: { text: string; url: string }) =>
      new URL(/<form autocomplete="off" action="([^"]+)"/.exec(page.text)![1], page.url).toString();
    const loginPage = await browser.follow(`${base}/sign-in/oidc/${key}`);
    const consent = await browser.follow(formOf(loginPage), `${base}/sign-in/oidc/`, { prompt: 'login', login, password: 'any' });
    const back = consent.location ? consent : await browser.follow(formOf(consent), `${base}/sign-in/oidc/`, { prompt: 'consent' });
    const callback = back.location!;
    expect(callback.startsWith(`${base}/sign-in/oidc/${key}/callback?`)).toBe(true);
    return browser.fetch(callback);
  };

  it('offers the configured providers on the sign-in page', async () => {
    const page = await new Browser().fetch(`${base}/sign-in`);
    expect(pageText(page.text)).toContain('Continue with NHS login');
    expect(pageText(page.text)).toContain('Staff: sign in with your NHS work account');
  });

  it('signs a holder in with NHS login, matched by verified email', async () => {
    const browser = new Browser();
    const done = await signInAt(browser, 'nhs-login', 'holder@kinwell.demo');
    expect(done).toMatchObject({ status: 303, location: `${base}/my` });
    const my = await browser.fetch(`${base}/my`);
    expect(my.status).toBe(200);
    expect(pageText(my.text)).toContain('Hello, Amara');
  });

  it('signs staff in through the staff directory, and still asks for Kinwell’s second factor', async () => {
    const browser = new Browser();
    const done = await signInAt(browser, 'entra', 'broker@kinwell.demo');
    expect(done.location).toBe(`${base}/sign-in/code`);
    const codePage = await browser.fetch(`${base}/sign-in/code`);
    const finished = await browser.fetch(`${base}/sign-in/code`, {
      ...hiddenFields(codePage.text, '/sign-in/code'),
      code: await totpCode(undefined, 1),
    });
    expect(finished).toMatchObject({ status: 303, location: `${base}/my` });
  });

  it.each([
    ['nhs-login', 'nobody@nowhere.example', 'No Kinwell account uses that email'],
    ['nhs-login', 'unverified+holder@kinwell.demo', 'Your email address is not confirmed'],
    ['nhs-login', 'broker@kinwell.demo', 'Use the other way of signing in'],
    ['entra', 'holder@kinwell.demo', 'Use the other way of signing in'],
  ])('with %s as %s, signs nobody in and says why', async (key, login, says) => {
    const browser = new Browser();
    const done = await signInAt(browser, key, login);
    expect(done.status).toBe(403);
    expect(pageText(done.text)).toContain(says);
    expect((await browser.fetch(`${base}/my`)).location).toBe(`${base}/sign-in`);
  });

  it('refuses a callback this browser did not start (a forged or replayed state)', async () => {
    const attacker = new Browser();
    await attacker.fetch(`${base}/sign-in/oidc/nhs-login`);
    const victim = new Browser();
    const forged = await victim.fetch(`${base}/sign-in/oidc/nhs-login/callback?code=abc&state=xyz`);
    expect(forged.status).toBe(400);
    const mismatched = await attacker.fetch(`${base}/sign-in/oidc/nhs-login/callback?code=abc&state=not-the-one`);
    expect(mismatched.status).toBe(403);
    expect(pageText(mismatched.text)).toContain('We could not sign you in');
  });
});
