import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { IntakeService } from '@kinwell/plans';
import { createTestApp, lastEmailTo, pageText, TestApp, WebClient } from '@kinwell/testing';

const ids = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]);

/**
 * Issue 15's journey, on the pages only: a self-referral is accepted; the broker and the holder build a
 * plan; a coordinator approves £200, a team lead co-signs £500, the panel decides £900; the broker buys by
 * card, invoice and direct payment, and the approved-but-unpaid worklist empties as they do.
 */
describe("the broker's journey from a self-referral to paid items", () => {
  let t: TestApp;
  const signedIn = async (email: string, password = DEMO_PASSWORD) => {
    const web = new WebClient(t);
    await web.signIn(email, password);
    return web;
  };
  /** The count the broker's worklist gives for approved items not yet paid. */
  const unpaidCount = async (broker: WebClient) =>
    Number(/Approved but not yet paid: (\d+)/.exec(pageText((await broker.get('/broker')).text))?.[1] ?? NaN);

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  it('goes from a request to three paid items', async () => {
    const [area] = await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'commissioner'`);
    const { request } = await t.app.get(IntakeService).ask({
      commissionerId: area.id,
      whatWouldHelp: 'Counselling in Urdu and a way to get back into work.',
      name: 'Nasreen',
      contactBy: 'email',
      email: 'nasreen@example.test',
      phone: null,
      language: 'en',
      postcodeDistrict: 'E5',
      consent: true,
      userId: null,
    });

    // The broker sees the request and accepts it: a holder record and an invitation.
    const broker = await signedIn('broker@kinwell.demo');
    expect(pageText((await broker.get('/broker')).text)).toMatch(/new request/i);
    expect((await broker.submit(`/broker/requests/${request.id}`, {}, `/broker/requests/${request.id}/accept`)).status).toBe(303);
    const [{ holder_id: holderId }] = await t.dataSource.query(`SELECT holder_id FROM budget_request WHERE id = $1`, [request.id]);

    // She accepts the invitation and sets a password.
    const { path } = await lastEmailTo(t.dataSource, 'nasreen@example.test');
    const holder = new WebClient(t);
    const password = 'a long walk by the canal at dawn';
    const joined = await holder.submit(path!, { displayName: 'Nasreen', how: 'password', password, confirm: password });
    expect(joined.status).toBe(303);
    expect((await t.dataSource.query(`SELECT user_id IS NOT NULL AS linked FROM holder WHERE id = $1`, [holderId]))[0].linked).toBe(true);

    // The broker names her clinical team, opens her budget with its calculation and starts a plan.
    const [team] = await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'clinical_team' AND name LIKE 'Hackney North%'`);
    const holderPage = `/broker/holders/${holderId}`;
    expect((await broker.submit(holderPage, { clinicalTeamId: team.id }, `${holderPage}/team`)).status).toBe(303);
    const year = new Date().getUTCFullYear();
    const budget = {
      kind: 'third_party',
      'periodStart-day': '1',
      'periodStart-month': '1',
      'periodStart-year': String(year),
      'periodEnd-day': '31',
      'periodEnd-month': '12',
      'periodEnd-year': String(year),
      line1Label: 'Therapy and wellbeing',
      line1Amount: '£1,000',
      line2Label: 'Getting back to work',
      line2Amount: '800.00',
      note: 'Worked out with Nasreen from her support needs assessment.',
    };
    const wrong = await broker.submit(`${holderPage}/budget`, { ...budget, line2Amount: '12.345' });
    expect(wrong.status).toBe(400);
    expect(pageText(wrong.text)).toContain('not fractions of a penny');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM budget WHERE holder_id = $1`, [holderId]))[0].n).toBe(0);
    expect((await broker.submit(`${holderPage}/budget`, budget)).status).toBe(303);
    expect(pageText((await broker.get(holderPage)).text)).toMatch(/Allocated £1,800/);
    const started = await broker.submit(holderPage, {}, `${holderPage}/plans`);
    expect(started.location).toMatch(/^\/plans\/[0-9a-f-]{36}$/);
    const planUrl = started.location!;
    const planId = planUrl.split('/')[2];

    // Her goal in her own words, and three items: two written in, one from the directory.
    expect((await broker.submit(`${planUrl}/goals/new`, { text: 'Talk to someone in my own language about how I feel' })).status).toBe(303);
    const [goal] = await t.dataSource.query(`SELECT id FROM plan_goal WHERE plan_id = $1`, [planId]);
    // The crisis and contingency plan, written with her.
    const crisis = 'If I stop answering, call my sister Farah.\nPause the gym; keep the counselling.';
    expect((await broker.submit(`${planUrl}/contingency`, { text: crisis })).status).toBe(303);
    expect((await t.dataSource.query(`SELECT contingency FROM support_plan WHERE id = $1`, [planId]))[0].contingency).toBe(crisis);
    const [offering] = await t.dataSource.query(
      `SELECT o.id, o.price_pence FROM offering o WHERE o.withdrawn_at IS NULL AND o.phb_exclusion IS NULL AND o.price_pence > 0 AND 50000 % o.price_pence = 0 AND 50000 / o.price_pence <= 100 ORDER BY o.price_pence DESC LIMIT 1`,
    );
    expect(offering).toBeDefined();
    const addOwn = (description: string, price: string) =>
      broker.submit(`${planUrl}/items/new`, { goal: goal.id, description, supplier: '', price, quantity: '1' });
    expect((await addOwn('Laptop for a college course', '200')).status).toBe(303);
    expect(
      (
        await broker.submit(
          `${planUrl}/items/new?offering=${offering.id}`,
          {
            offeringId: offering.id,
            goal: goal.id,
            quantity: String(50000 / Number(offering.price_pence)),
          },
          `${planUrl}/items/new`,
        )
      ).status,
    ).toBe(303);
    expect((await addOwn('Gym membership and trainer for a year', '£900.00')).status).toBe(303);
    const items: Array<{ id: string; total_pence: string }> = await t.dataSource.query(
      `SELECT id, total_pence FROM plan_item WHERE plan_id = $1 ORDER BY total_pence`,
      [planId],
    );
    const [small, middle, large] = items.map((i) => i.id);
    expect(items.map((i) => Number(i.total_pence))).toEqual([20_000, 50_000, 90_000]);

    // The broker cannot send it before she agrees; she agrees on her own page, which sends it.
    expect(pageText((await broker.get(`/broker/plans/${planId}`)).text)).toContain('agrees to the plan on their own page');
    if (!(await holder.get('/my')).text.includes('Sign out')) await holder.signIn('nasreen@example.test', password);
    expect((await holder.submit(`${planUrl}/agree`, { agree: 'yes' })).status).toBe(303);
    expect((await t.dataSource.query(`SELECT status FROM support_plan WHERE id = $1`, [planId]))[0].status).toBe('submitted');

    // The coordinator approves £200 with the holder's goal in front of them, and the £500 one, which then waits for the team lead.
    const coordinator = await signedIn('coordinator@kinwell.demo');
    const inbox = (await coordinator.get('/approvals')).text;
    expect(ids(inbox, /href="\/approvals\/([0-9a-f-]{36})"/g)).toEqual(expect.arrayContaining([small, middle]));
    expect(pageText((await coordinator.get(`/approvals/${small}`)).text)).toContain('Talk to someone in my own language');
    expect((await coordinator.submit(`/approvals/${small}`, { decision: 'approve' })).status).toBe(303);
    expect((await coordinator.submit(`/approvals/${middle}`, { decision: 'approve' })).status).toBe(303);
    expect((await t.dataSource.query(`SELECT status FROM plan_item WHERE id = $1`, [middle]))[0].status).toBe('pending');
    const teamLead = await signedIn('teamlead@kinwell.demo');
    expect((await teamLead.submit(`/approvals/${middle}`, { decision: 'approve' })).status).toBe(303);
    expect((await t.dataSource.query(`SELECT status FROM plan_item WHERE id = $1`, [middle]))[0].status).toBe('approved');

    // The £900 item goes to the panel; without its lived-experience member the panel cannot approve, and nothing is recorded.
    const chair = await signedIn('phblead@kinwell.demo');
    const agenda = await t.gql<{ panelAgenda: Array<{ item: { id: string }; caseReference: string }> }>(
      `{ panelAgenda { item { id } caseReference } }`,
      {},
      await t.signIn('phblead@kinwell.demo', DEMO_PASSWORD),
    );
    expect(agenda.data!.panelAgenda.map((r) => r.item.id)).toContain(large);
    expect(ids((await chair.get('/approvals/panel')).text, /href="\/approvals\/panel\/([0-9a-f-]{36})"/g)).toContain(large);
    const panelPage = (await chair.get(`/approvals/panel/${large}`)).text;
    const users: Array<{ id: string; email: string }> = await t.dataSource.query(
      `SELECT id, email FROM app_user WHERE email IN ('panel@kinwell.demo','phblead@kinwell.demo','commissioner@kinwell.demo','panel2@kinwell.demo')`,
    );
    const idOf = (email: string) => users.find((u) => u.email === email)!.id;
    // Everyone who may sit on the area's panel is offered, the lived-experience member marked.
    for (const u of users) expect(panelPage).toContain(`value="${u.id}"`);
    expect(pageText(panelPage)).toContain('lived experience');
    const today = new Date();
    const meeting = {
      'heldOn-day': String(today.getUTCDate()),
      'heldOn-month': String(today.getUTCMonth() + 1),
      'heldOn-year': String(today.getUTCFullYear()),
      decision: 'approve',
    };
    const short = await chair.submit(`/approvals/panel/${large}`, {
      ...meeting,
      membersPresent: [idOf('panel2@kinwell.demo'), idOf('phblead@kinwell.demo'), idOf('commissioner@kinwell.demo')],
    });
    expect(short.status).toBe(400);
    expect(pageText(short.text)).toContain('lived experience');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM sign_off_decision WHERE item_id = $1`, [large]))[0].n).toBe(0);
    const decided = await chair.submit(`/approvals/panel/${large}`, {
      ...meeting,
      membersPresent: [idOf('panel@kinwell.demo'), idOf('phblead@kinwell.demo'), idOf('commissioner@kinwell.demo')],
    });
    expect(decided).toMatchObject({ status: 303, location: '/approvals/panel' });
    expect((await t.dataSource.query(`SELECT status FROM plan_item WHERE id = $1`, [large]))[0].status).toBe('approved');
    const [panel] = await t.dataSource.query(`SELECT members_present, decision FROM panel_decision WHERE item_id = $1`, [large]);
    expect(panel.decision).toBe('approve');
    expect(panel.members_present).toHaveLength(3);

    // Three approved, none paid: the worklist says so, and empties as the broker buys each one.
    expect(await unpaidCount(broker)).toBeGreaterThanOrEqual(3);
    const before = await unpaidCount(broker);
    const buy = (itemId: string) => `/broker/plans/${planId}/items/${itemId}/buy`;
    const card = await broker.submit(`${buy(small)}/check?method=card`, { method: 'card' });
    expect(pageText((await broker.get(card.location!)).text)).toMatch(/Card number\s+4000 00/);
    // A card counts as paid once the shop takes the money: the sandbox's test shop does, through the same path as a real card payment.
    expect(await unpaidCount(broker)).toBe(before);
    expect((await broker.submit(card.location!, { merchant: 'Currys', amount: '199.99' }, `${card.location}/test-shop`)).status).toBe(303);
    expect(await unpaidCount(broker)).toBe(before - 1);
    const invoice = await broker.submit(`${buy(middle)}/check?method=invoice`, { method: 'invoice' });
    expect((await broker.submit(invoice.location!, { reference: 'INV-0042' }, `${invoice.location}/paid`)).status).toBe(303);
    expect(await unpaidCount(broker)).toBe(before - 2);
    const direct = await broker.submit(`${buy(large)}/check?method=direct_payment&reference=BACS+9001`, {
      method: 'direct_payment',
      reference: 'BACS 9001',
    });
    expect(direct.status).toBe(303);
    expect(await unpaidCount(broker)).toBe(before - 3);
  });
});
