import { createTestApp, TestApp } from '@kinwell/testing';

describe('/health and /', () => {
  let t: TestApp;

  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('reports degraded while no worker has ever beaten, and ok once one has', async () => {
    const before = await t.http().get('/health');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'degraded', database: { status: 'up' }, worker: { status: 'missing' } });

    await t.dataSource.query(`INSERT INTO worker_heartbeat (worker_id, started_at, beat_at, info) VALUES ('w1', now(), now(), '{}')`);
    const after = await t.http().get('/health');
    expect(after.body).toMatchObject({ status: 'ok', worker: { status: 'up' } });

    await t.dataSource.query(`UPDATE worker_heartbeat SET beat_at = now() - interval '5 minutes'`);
    expect((await t.http().get('/health')).body).toMatchObject({ status: 'degraded', worker: { status: 'stale' } });
  });

  it('serves a home page that says what Kinwell is and links to the API for developers, with security headers', async () => {
    const res = await t.http().get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('personal health budgets');
    expect(res.text).toContain('href="/graphql"');
    // Demo accounts and their password appear only where demo data is seeded (not here).
    expect(res.text).not.toContain('kinwell-demo');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'same-origin',
    });
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("object-src 'none'");
    // Pages run only scripts carrying this response's nonce; nothing inline without it.
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)![1];
    expect(res.text).toContain(`<script nonce="${nonce}">`);
    expect(csp).not.toContain('unsafe-inline');
    expect((await t.http().get('/')).headers['content-security-policy']).not.toContain(nonce);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const mine = await t.http().get('/health').set('x-request-id', 'trace-abc-123');
    expect(mine.headers['x-request-id']).toBe('trace-abc-123');
    const generated = await t.http().get('/health').set('x-request-id', '<script>');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with 404, not 500', async () => {
    expect((await t.http().get('/no-such-page')).status).toBe(404);
    const forAPerson = await t.http().get('/no-such-page').set('accept', 'text/html,application/xhtml+xml');
    expect(forAPerson.status).toBe(404);
    expect(forAPerson.text).toContain('Page not found');
    const forAClient = await t.http().get('/no-such-page').set('accept', 'application/json');
    expect(forAClient.body.error.code).toBe('NOT_FOUND');
  });

  it('answers malformed GraphQL with 400 and a code, never 500', async () => {
    const broken = await t.http().post('/graphql').set('content-type', 'application/json').send({ query: '{ me { ' });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const notJson = await t.http().post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(notJson.status).toBe(400);
  });
});
