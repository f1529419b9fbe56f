import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, pageText, TestApp, WebClient } from '@kinwell/testing';

/** An approver's inbox and decisions on the web, on the demo's plan in sign-off. */
describe('the approvals inbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  const inboxIds = async (web: WebClient) =>
    [...(await web.get('/approvals')).text.matchAll(/href="\/approvals\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

  it('shows a coordinator what waits for them, by case and never by name, and records their decision', async () => {
    const coordinator = new WebClient(t);
    await coordinator.signIn('coordinator@kinwell.demo', DEMO_PASSWORD);
    const page = pageText((await coordinator.get('/approvals')).text);
    expect(page).toMatch(/Case [0-9A-F]{8}/);
    expect(page).not.toContain('Amara');
    const [first] = await inboxIds(coordinator);
    expect(first).toBeDefined();
    const item = pageText((await coordinator.get(`/approvals/${first}`)).text);
    expect(item).toContain('The goals it serves, in the holder’s words');

    const noReason = await coordinator.submit(`/approvals/${first}`, { decision: 'decline' });
    expect(noReason.status).toBe(400);
    expect(pageText(noReason.text)).toContain('Enter the reason');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM sign_off_decision WHERE item_id = $1`, [first]))[0].n).toBe(0);

    expect(await coordinator.submit(`/approvals/${first}`, { decision: 'approve' })).toMatchObject({ status: 303, location: '/approvals' });
    const [decision] = await t.dataSource.query(`SELECT decision, acting_role FROM sign_off_decision WHERE item_id = $1`, [first]);
    expect(decision).toEqual({ decision: 'approve', acting_role: 'care_coordinator' });
    // Decided by them, it no longer waits for them: its page is gone for them.
    expect(await inboxIds(coordinator)).not.toContain(first);
    expect((await coordinator.get(`/approvals/${first}`)).status).toBe(404);
  });

  it('is for approvers only', async () => {
    const holder = new WebClient(t);
    await holder.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    expect((await holder.get('/approvals')).status).toBe(403);
  });
});
