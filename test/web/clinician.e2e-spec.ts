import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, pageText, TestApp, WebClient } from '@kinwell/testing';

/** A clinician's caseload: their team's holders with each plan, and what waits for their decision. */
describe("a clinician's caseload", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  it("lists the team's holders and what waits for the coordinator, and opens a holder's record read-only", async () => {
    const coordinator = new WebClient(t);
    await coordinator.signIn('coordinator@kinwell.demo', DEMO_PASSWORD);
    const [team] = await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'clinical_team' AND name LIKE 'Hackney North%'`);
    const teamHolders: Array<{ id: string; preferred_name: string }> = await t.dataSource.query(
      `SELECT id, preferred_name FROM holder WHERE clinical_team_id = $1`,
      [team.id],
    );
    const others: Array<{ preferred_name: string }> = await t.dataSource.query(
      `SELECT preferred_name FROM holder WHERE clinical_team_id IS DISTINCT FROM $1`,
      [team.id],
    );
    expect(teamHolders.length).toBeGreaterThan(0);
    const page = await coordinator.get('/team');
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    const waiting = Number(/Waiting for your decision: (\d+)/.exec(text)?.[1]);
    const inbox = [...(await coordinator.get('/approvals')).text.matchAll(/href="\/approvals\/([0-9a-f-]{36})"/g)];
    expect(waiting).toBe(inbox.length);
    for (const h of teamHolders) expect(page.text).toContain(`href="/broker/holders/${h.id}"`);
    for (const o of others.filter((x) => !teamHolders.some((h) => h.preferred_name === x.preferred_name)))
      expect(text).not.toContain(o.preferred_name);
    expect(page.text).not.toContain('/invite');

    const record = await coordinator.get(`/broker/holders/${teamHolders[0].id}`);
    expect(record.status).toBe(200);
    expect(record.text).not.toContain('/budget"');
    expect(record.text).not.toContain('action="/broker/holders');
  });

  it('is for clinicians', async () => {
    const broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    expect((await broker.get('/team')).status).toBe(403);
  });
});
