import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { WebSession } from '../../apps/web/src/core/web-session';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { createWebApp } from '../../apps/web/src/create-web-app';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, hiddenFields, pageText, TestApp, WebClient } from '@kinwell/testing';

const sessionCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('kinwell_session='));

describe('web sessions, CSRF and the limits around them', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ FORM_POSTS_PER_MINUTE: '1000' });
    await seedDemoData(t.app);
  });
  afterAll(() => t?.close());

  it('keeps the session in PostgreSQL, HttpOnly and SameSite=Lax, idle for 30 minutes, with a new id at sign-in', async () => {
    const web = new WebClient(t);
    const page = await web.get('/sign-in');
    const before = sessionCookie(page)!;
    expect(before).toMatch(/HttpOnly/);
    expect(before).toMatch(/SameSite=Lax/);
    expect(before).not.toMatch(/Secure/); // only in production, where the site is HTTPS
    const signedIn = await web.post('/sign-in', {
      ...hiddenFields(page.text, '/sign-in'),
      email: 'holder@kinwell.demo',
      password: DEMO_PASSWORD,
    });
    const after = sessionCookie(signedIn)!;
    expect(after.split(';')[0]).not.toBe(before.split(';')[0]);
    const sid = decodeURIComponent(after.split(';')[0].split('=')[1]).replace(/^s:/, '').split('.')[0];
    const [row] = await t.dataSource.query(`SELECT sess, expire FROM web_session WHERE sid = $1`, [sid]);
    expect(row.sess.userId).toMatch(/^[0-9a-f-]{36}$/);
    const minutes = (new Date(row.expire).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30.1);

    const signOut = await web.post('/sign-out', hiddenFields((await web.get('/my')).text, '/sign-out'));
    expect(signOut.location).toBe('/signed-out');
    expect(await t.dataSource.query(`SELECT 1 FROM web_session WHERE sid = $1`, [sid])).toEqual([]);
    expect((await web.get('/my')).location).toBe('/sign-in');
  });

  it('stores the session before a redirect is sent, so a browser following it at once is already signed in', async () => {
    // A slow session store: without saving before redirecting, the 303's headers (and so the browser's next
    // request) would go out before the new session was stored, and /my would send the person back to sign in.
    const store = t.app.get<WebSession, { store: { set: (...a: unknown[]) => void } }>(WebSession).store;
    const set = store.set.bind(store);
    store.set = (...args: unknown[]) => void setTimeout(() => set(...args), 300);
    try {
      const page = await request(t.app.getHttpServer()).get('/sign-in');
      const cookie = sessionCookie(page)!.split(';')[0];
      const base = await t.url();
      const headersOnly = await new Promise<{ status: number; cookie: string }>((done, fail) => {
        const body = new URLSearchParams({
          ...hiddenFields(page.text, '/sign-in'),
          email: 'holder@kinwell.demo',
          password: DEMO_PASSWORD,
        }).toString();
        const req = httpRequest(
          `${base}/sign-in`,
          { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } },
          (res) => {
            // Follow the moment the headers arrive, as a browser does, without waiting for the body.
            done({ status: res.statusCode!, cookie: sessionCookie({ headers: res.headers })!.split(';')[0] });
            res.resume();
          },
        );
        req.on('error', fail);
        req.end(body);
      });
      expect(headersOnly.status).toBe(303);
      const my = await request(t.app.getHttpServer()).get('/my').set('cookie', headersOnly.cookie);
      expect(my.status).toBe(200);
    } finally {
      store.set = set;
    }
  });

  it('survives a restart: a second process on the same database knows the session', async () => {
    const web = new WebClient(t);
    const jar = sessionCookie(await web.signIn('holder@kinwell.demo', DEMO_PASSWORD))!.split(';')[0];
    const other = await createApiApp(t.config, t.database.url);
    await other.init();
    try {
      const res = await request(other.getHttpServer()).get('/my').set('cookie', jar);
      expect(res.status).toBe(200);
      expect(pageText(res.text)).toContain('Hello, Amara');
    } finally {
      await other.close();
    }
  });

  it('runs the pages as a process of their own too, without /graphql', async () => {
    const alone = await createWebApp(t.config, t.database.url);
    await alone.init();
    try {
      const server = alone.getHttpServer();
      expect((await request(server).get('/find-support?q=gym')).status).toBe(200);
      expect((await request(server).post('/graphql').send({ query: '{ me { email } }' })).status).toBe(404);
    } finally {
      await alone.close();
    }
  });

  it('never lets a session cookie sign anyone in to /graphql', async () => {
    const web = new WebClient(t);
    await web.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    const res = await web.agent.post('/graphql').send({ query: '{ me { email } }' });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a form without its token, and one sent from another site, changing nothing', async () => {
    const web = new WebClient(t);
    await web.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    const [{ id: planId }] = await t.dataSource.query(`SELECT id FROM support_plan ORDER BY created_at LIMIT 1`);
    const goals = async () => Number((await t.dataSource.query(`SELECT count(*) n FROM plan_goal`))[0].n);
    const before = await goals();
    const forged = await web.agent.post(`/plans/${planId}/goals/new`).type('form').set('origin', 'https://evil.example').send('text=hello');
    expect(forged.status).toBe(403);
    expect(pageText(forged.text)).toContain('This form was not sent');
    const noToken = await web.post(`/plans/${planId}/goals/new`, { text: 'A goal typed before the token went stale' });
    expect(noToken).toMatchObject({ status: 303, location: `/plans/${planId}/goals/new` });
    // Our own form whose token went stale: back on the form, with what was typed kept and a word about why.
    const back = await web.get(`/plans/${planId}/goals/new`);
    expect(back.text).toContain('A goal typed before the token went stale');
    expect(pageText(back.text)).toContain('that form was not sent because the page had been open a long time');
    expect(await goals()).toBe(before);
  });

  it('after a session expires, signing in again returns to the page, with what was typed kept', async () => {
    const web = new WebClient(t);
    await web.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    const [{ id: planId }] = await t.dataSource.query(`SELECT id FROM support_plan ORDER BY created_at LIMIT 1`);
    const form = await web.get(`/plans/${planId}/goals/new`);
    await t.dataSource.query(`DELETE FROM web_session`); // 30 idle minutes, in one statement
    const res = await web.post(`/plans/${planId}/goals/new`, {
      ...hiddenFields(form.text, `/plans/${planId}/goals/new`),
      text: 'Lost my job',
    });
    expect(res.location).toBe(`/plans/${planId}/goals/new`);
    expect((await web.get(res.location!)).location).toBe('/sign-in');
    const signedIn = await web.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    expect(signedIn.location).toBe(`/plans/${planId}/goals/new`);
    expect((await web.get(signedIn.location!)).text).toContain('Lost my job');
  });

  it('shows a plain page with the request’s reference for a fault of ours, never the error itself', async () => {
    const web = new WebClient(t);
    const broken = jest
      .spyOn(t.app.get((await import('@kinwell/plans')).IntakeService), 'areas')
      .mockRejectedValue(new Error('database on fire'));
    try {
      const res = await web.get('/personal-health-budgets');
      expect(res.status).toBe(500);
      const text = pageText(res.text);
      expect(text).toContain('Sorry, there is a problem with the service');
      expect(text).toContain(res.headers['x-request-id']);
      expect(text).not.toContain('database on fire');
    } finally {
      broken.mockRestore();
    }
  });

  it('answers a page that does not exist, or an id that is not one, with a 404 page', async () => {
    const web = new WebClient(t);
    expect((await web.get('/find-support/offerings/nope')).status).toBe(404);
    expect((await web.get('/find-support/offerings/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await web.get('/ask/nope')).status).toBe(404);
  });

  it('remembers a language chosen from the link on any page', async () => {
    const web = new WebClient(t);
    const chosen = await web.get('/find-support?q=gym&lang=ur');
    expect(chosen).toMatchObject({ status: 303, location: '/find-support?q=gym' });
    const page = await web.get('/find-support?q=gym');
    expect(page.text).toContain('<html lang="ur" dir="rtl">');
    expect(page.text).toContain('href="/find-support?q=gym&amp;lang=en" hreflang="en" lang="en"');
  });
});

describe('form rate limits', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ FORM_POSTS_PER_MINUTE: '3' })));
  afterAll(() => t?.close());

  it('slows a flood of form posts from one address with a page that says how long to wait', async () => {
    const web = new WebClient(t);
    const page = await web.get('/ask/help');
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await web.post('/ask/help', { ...hiddenFields(page.text, '/ask/help'), whatWouldHelp: 'x' })).status);
    expect(statuses).toEqual([303, 303, 303, 429, 429]);
    const limited = await web.post('/ask/help', { ...hiddenFields(page.text, '/ask/help'), whatWouldHelp: 'x' });
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(pageText(limited.text)).toContain('Too many requests');
  });
});
