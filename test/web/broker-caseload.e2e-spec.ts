import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, pageText, TestApp, WebClient } from '@kinwell/testing';

/** The broker's start page: what needs doing, then the caseload, filtered, sorted and paged. */
describe('the broker’s caseload and worklists', () => {
  let t: TestApp;
  let broker: WebClient;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('counts each kind of work with how long the oldest has waited, the same on the page and in GraphQL', async () => {
    const token = await t.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    const res = await t.gql<{ worklists: Array<{ key: string; count: number; oldest: string | null }> }>(
      `{ worklists { key count oldest } }`,
      {},
      token,
    );
    const counts = Object.fromEntries(res.data!.worklists.map((w) => [w.key, w.count]));
    // The demo: Amara's plan waits for sign-off with items at each tier, and one item approved but not bought.
    const [{ pending }] = await t.dataSource.query(
      `SELECT count(*)::int AS pending FROM plan_item i JOIN support_plan p ON p.id = i.plan_id JOIN holder h ON h.id = p.holder_id
         JOIN organisation o ON o.id = h.broker_organisation_id WHERE o.name = 'Hackney Wellbeing Brokerage (demo)' AND i.status = 'pending'`,
    );
    expect(counts.waiting).toBe(pending);
    expect(counts.waiting).toBeGreaterThan(0);
    const page = pageText((await broker.get('/broker')).text);
    expect(page).toContain(`Items waiting for sign-off: ${counts.waiting}`);
    expect(page).toContain(`Approved but not yet paid: ${counts.unpaid}`);
    expect(page).toContain(`Plans being written: ${counts.drafts}`);
  });

  it('filters, sorts and pages the caseload, and reads an odd address as no filter rather than failing', async () => {
    const all = pageText((await broker.get('/broker')).text);
    expect(all).toContain('Amara');
    expect(all).toContain('Kofi');
    const drafts = pageText((await broker.get('/broker?plan=draft')).text);
    expect(drafts).toContain('Shirin');
    expect(drafts).not.toContain('Amara');
    const none = pageText((await broker.get('/broker?plan=none')).text);
    expect(none).toContain('Kofi');
    expect(pageText((await broker.get('/broker?name=kof')).text)).toMatch(/1 person/);
    for (const odd of ['/broker?plan=%00', '/broker?sort=;drop', '/broker?page=-3', '/broker?page=99999999', "/broker?name=%25'"]) {
      expect((await broker.get(odd)).status).toBe(200);
    }
    // Someone who is not broker staff does not have a caseload.
    const holder = new WebClient(t);
    await holder.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    expect((await holder.get('/broker')).status).toBe(403);
  });
});
