import { Organisation, OrganisationKind, Role } from '@kinwell/identity';
import { CITY_AND_HACKNEY, SignOffPolicy } from '@kinwell/plans';
import { createTestApp, linkHolderByInvitation, makeOrganisation, makeUser, TestApp } from '@kinwell/testing';

const ITEM_FIELDS = `__typename ... on PlanItem { id status round decisionReason signOff { tier satisfied stillNeeded } } ... on ErrorResult { errorCode message }`;
type ItemResult = {
  __typename: string;
  id?: string;
  status?: string;
  decisionReason?: string | null;
  signOff?: { tier: string; satisfied: boolean; stillNeeded: string[] };
  errorCode?: string;
  message?: string;
};
type Balances = { allocated: { pence: number }; available: { pence: number }; committed: { pence: number }; spent: { pence: number } };

describe('budgets, plans and sign-off under the City & Hackney policy', () => {
  let t: TestApp;
  let icb: Organisation;
  let broker: Organisation;
  let team: Organisation;
  const tokens: Record<string, string> = {};
  const users: Record<string, string> = {};
  let holderId: string;
  let planId: string;
  let goalId: string;
  const items: Record<string, string> = {};

  const gql = async <T = Record<string, unknown>>(who: string | null, query: string, variables: Record<string, unknown> = {}) =>
    t.gql<T>(query, variables, who ? tokens[who] : undefined);
  const first = async (who: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(who, query, variables);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data)[0] as ItemResult & Record<string, unknown>;
  };
  const approve = (who: string, item: string) =>
    first(who, `mutation($id: ID!) { approvePlanItem(itemId: $id) { ${ITEM_FIELDS} } }`, { id: item });
  const decline = (who: string, item: string, reason: string) =>
    first(who, `mutation($id: ID!, $r: String!) { declinePlanItem(itemId: $id, reason: $r) { ${ITEM_FIELDS} } }`, { id: item, r: reason });
  const addItem = async (who: string, description: string, pence: number) => {
    const res = await first(who, `mutation($input: PlanItemInput!) { addPlanItem(input: $input) { ${ITEM_FIELDS} } }`, {
      input: { planId, description, supplier: 'A local supplier', unitPricePence: pence, quantity: 1, goalIds: [goalId] },
    });
    expect(res.__typename).toBe('PlanItem');
    return res.id!;
  };
  const balances = async (who = 'broker'): Promise<Balances> => {
    const res = await gql<{ plan: { budget: { balances: Balances; ledger: unknown[] } } }>(
      who,
      `query($id: ID!) { plan(id: $id) { budget { balances { allocated { pence } available { pence } committed { pence } spent { pence } } ledger { kind } } } }`,
      { id: planId },
    );
    return res.data!.plan.budget.balances;
  };
  /** Balances are derived from the ledger; check they add up and match the raw lines. */
  const expectLedgerConsistent = async () => {
    const b = await balances();
    expect(b.available.pence + b.committed.pence + b.spent.pence).toBe(b.allocated.pence);
    const [{ total }] = await t.dataSource.query(
      `SELECT coalesce(sum(amount_pence), 0)::int AS total FROM budget_ledger_entry e JOIN support_plan p ON p.budget_id = e.budget_id WHERE p.id = $1`,
      [planId],
    );
    expect(total).toBe(0);
    return b;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    icb = await makeOrganisation(ds, { kind: OrganisationKind.Commissioner, name: 'City and Hackney (test)' });
    broker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: icb.id });
    team = await makeOrganisation(ds, { kind: OrganisationKind.ClinicalTeam, commissionerId: icb.id });
    const otherBroker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: icb.id });
    await ds.getRepository(SignOffPolicy).insert({ commissionerId: icb.id, name: 'City & Hackney', rules: CITY_AND_HACKNEY });
    const people: Array<[string, string, Role, boolean?]> = [
      ['broker', broker.id, Role.BrokerStaff],
      ['otherBroker', otherBroker.id, Role.BrokerStaff],
      ['clinicianA', team.id, Role.CareCoordinator],
      ['clinicianB', team.id, Role.CareCoordinator],
      ['clinicianC', team.id, Role.CareCoordinator],
      ['teamLead', team.id, Role.TeamLead],
      ['phbLead', icb.id, Role.PhbLead],
      ['commissioner', icb.id, Role.Commissioner],
      ['panelLived', icb.id, Role.PanelMember, true],
      ['panel', icb.id, Role.PanelMember],
      ['holder', broker.id, Role.Holder],
      ['carer', broker.id, Role.CarerAdvocate],
      ['otherHolder', broker.id, Role.Holder],
    ];
    for (const [who, organisationId, role, livedExperience] of people) {
      const user = await makeUser(ds, { memberships: [{ organisationId, role, livedExperience }] });
      users[who] = user.id;
      tokens[who] = await t.signIn(user.email);
    }
  });
  afterAll(() => t.close());

  it('lets a broker register the holder, open a budget whose amount is explained, and build a plan the holder agrees to', async () => {
    const holder = await first('broker', `mutation($input: HolderInput!) { createHolder(input: $input) { id preferredName } }`, {
      input: {
        brokerOrganisationId: broker.id,
        clinicalTeamId: team.id,
        preferredName: 'Amara',
        pronouns: 'she/her',
        languages: ['en', 'yo'],
        communities: ['black-african'],
        equityReportingConsent: true,
        postcodeDistrict: 'e8',
      },
    });
    holderId = holder.id as string;
    await linkHolderByInvitation(t, tokens.broker, holderId, users.holder);
    const budget = await first('broker', `mutation($input: BudgetInput!) { openBudget(input: $input) { id } }`, {
      input: {
        holderId,
        kind: 'ThirdParty',
        periodStart: '2026-12-01',
        periodEnd: '2027-11-30',
        allocationPence: 200_000,
        allocationNote: 'Indicative budget from the assessment: £1,500 for activities and £500 for equipment',
        allocationLines: [
          { label: 'Activities', pence: 150_000 },
          { label: 'Equipment', pence: 50_000 },
        ],
      },
    });
    const plan = await first('broker', `mutation($h: ID!, $b: ID!) { createPlan(holderId: $h, budgetId: $b) { id status } }`, {
      h: holderId,
      b: budget.id,
    });
    planId = plan.id as string;
    const goal = await first(
      'holder',
      `mutation($p: ID!) { addGoal(planId: $p, text: "Get fit again so I can play with my kids", baseline: 3) { __typename ... on Goal { id } } }`,
      { p: planId },
    );
    goalId = goal.id as string;

    items.small = await addItem('broker', 'Gym membership for three months', 20_000);
    items.medium = await addItem('broker', 'Laptop for a college course', 50_000);
    items.large = await addItem('broker', 'African clothes-making course with materials', 90_000);
    items.ownRequest = await addItem('clinicianA', 'Taxi to depot injection appointments', 15_000);
    items.race = await addItem('broker', 'Swimming lessons', 10_000);

    const early = await first(
      'broker',
      `mutation($p: ID!) { submitPlan(planId: $p) { __typename ... on ErrorResult { errorCode message } } }`,
      { p: planId },
    );
    expect(early).toMatchObject({ __typename: 'QuorumNotMetError', message: expect.stringContaining('agreement') });
    const missing = await first('broker', `mutation($p: ID!) { submitPlan(planId: $p) { ... on QuorumNotMetError { missing } } }`, {
      p: planId,
    });
    expect(missing).toEqual({ missing: [expect.stringMatching(/agree/)] });
    await first(
      'holder',
      `mutation($p: ID!) { setContingency(planId: $p, text: "If I become unwell my sister Grace should pause the gym and tell my broker") { __typename } }`,
      { p: planId },
    );
    expect(
      await first('holder', `mutation($p: ID!) { agreeToPlan(planId: $p) { __typename ... on SupportPlan { holderAgreedAt } } }`, {
        p: planId,
      }),
    ).toMatchObject({ __typename: 'SupportPlan' });
    expect(
      await first(
        'broker',
        `mutation($p: ID!) { submitPlan(planId: $p) { __typename ... on SupportPlan { status timeline { submittedAt } } } }`,
        { p: planId },
      ),
    ).toMatchObject({ status: 'Submitted' });
    expect(await expectLedgerConsistent()).toEqual({
      allocated: { pence: 200_000 },
      available: { pence: 200_000 },
      committed: { pence: 0 },
      spent: { pence: 0 },
    });
  });

  it('approves a £200 item with one clinician and commits the money', async () => {
    expect(await approve('clinicianA', items.small)).toMatchObject({ status: 'Approved', signOff: { tier: 'Clinician', satisfied: true } });
    expect((await expectLedgerConsistent()).committed.pence).toBe(20_000);
  });

  it('keeps a £500 item waiting for a team lead to co-sign', async () => {
    const afterClinician = await approve('clinicianA', items.medium);
    expect(afterClinician).toMatchObject({
      status: 'Pending',
      signOff: { tier: 'Clinician and team lead', satisfied: false, stillNeeded: ['A team lead to co-sign: 1 more'] },
    });
    expect(await approve('clinicianB', items.medium)).toMatchObject({ __typename: 'NotAuthorisedToApproveError' });
    expect(await approve('teamLead', items.medium)).toMatchObject({ status: 'Approved' });
    expect((await expectLedgerConsistent()).committed.pence).toBe(70_000);
  });

  it('needs the panel with a lived-experience member for a £900 item, shown to panel members by case reference only', async () => {
    const inbox = await gql<{ approvalsInbox: Array<{ caseReference: string; goals: string[]; item: { id: string } }> }>(
      'commissioner',
      `{ approvalsInbox { caseReference goals item { id description } } }`,
    );
    const request = inbox.data!.approvalsInbox.find((r) => r.item.id === items.large)!;
    expect(request.caseReference).toMatch(/^Case [0-9A-F]{8}$/);
    expect(JSON.stringify(inbox.data)).not.toContain('Amara');
    expect(request.goals).toEqual(['Get fit again so I can play with my kids']);

    expect(await approve('phbLead', items.large)).toMatchObject({ status: 'Pending' });
    expect(await approve('commissioner', items.large)).toMatchObject({
      status: 'Pending',
      signOff: { stillNeeded: ['A panel member with lived experience: 1 more'] },
    });
    expect(await approve('panel', items.large)).toMatchObject({ __typename: 'NotAuthorisedToApproveError' });
    expect(await approve('panelLived', items.large)).toMatchObject({
      status: 'Approved',
      signOff: { tier: 'E-approval panel', satisfied: true },
    });
    expect((await expectLedgerConsistent()).committed.pence).toBe(160_000);
  });

  it('stops a clinician approving their own request; a decline has a reason the holder reads; an appeal goes to someone else', async () => {
    expect(await approve('clinicianA', items.ownRequest)).toMatchObject({ __typename: 'AuthorCannotApproveError' });
    const reason = 'Hackney Community Transport can take you free of charge; let us book that instead.';
    const withCode = (code: string) =>
      gql(
        'clinicianB',
        `mutation($id: ID!, $r: String!, $c: String) { declinePlanItem(itemId: $id, reason: $r, reasonCode: $c) { ${ITEM_FIELDS} } }`,
        { id: items.ownRequest, r: reason, c: code },
      );
    // A reason template that does not exist is refused by name, and nothing is decided.
    const unknown = await withCode('because');
    expect(JSON.stringify(unknown.errors)).toContain('reasonCode');
    expect((await t.dataSource.query('SELECT status FROM plan_item WHERE id = $1', [items.ownRequest]))[0].status).toBe('pending');
    const declined = Object.values((await withCode('cheaper')).data!)[0];
    expect(declined).toMatchObject({ status: 'Declined' });
    expect(
      await t.dataSource.query(`SELECT reason_code FROM sign_off_decision WHERE item_id = $1 AND decision = 'decline'`, [items.ownRequest]),
    ).toEqual([{ reason_code: 'cheaper' }]);
    expect(await decline('clinicianC', items.ownRequest, 'Second opinion on the taxi request')).toMatchObject({
      __typename: 'PlanStateError',
    });

    const seen = await gql<{ plan: { items: Array<{ id: string; status: string; decisionReason: string }> } }>(
      'holder',
      `query($id: ID!) { plan(id: $id) { items { id status decisionReason } } }`,
      { id: planId },
    );
    expect(seen.data!.plan.items.find((i) => i.id === items.ownRequest)).toMatchObject({
      status: 'Declined',
      decisionReason: expect.stringContaining('free of charge'),
    });

    const appealed = await first(
      'holder',
      `mutation($id: ID!) { appealPlanItem(itemId: $id, reason: "Community transport cannot do my early appointments") { ${ITEM_FIELDS} } }`,
      { id: items.ownRequest },
    );
    expect(appealed).toMatchObject({ status: 'Pending', round: 2 });
    expect(await approve('clinicianB', items.ownRequest)).toMatchObject({
      __typename: 'NotAuthorisedToApproveError',
      message: expect.stringContaining('someone other than'),
    });
    expect(await approve('clinicianC', items.ownRequest)).toMatchObject({ status: 'Approved' });
    expect((await expectLedgerConsistent()).committed.pence).toBe(175_000);
  });

  it('applies exactly one of two racing approvals, and commits the money once', async () => {
    const [a, b] = await Promise.all([approve('clinicianB', items.race), approve('clinicianC', items.race)]);
    const outcomes = [a.__typename === 'PlanItem' ? a.status : a.__typename, b.__typename === 'PlanItem' ? b.status : b.__typename].sort();
    expect(outcomes).toEqual(['Approved', 'PlanStateError']);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM budget_movement WHERE reference_id = $1 AND kind = 'commitment'`,
      [items.race],
    );
    expect(n).toBe(1);
    expect(await approve('clinicianA', items.race)).toMatchObject({ __typename: 'PlanStateError' });
    expect((await expectLedgerConsistent()).committed.pence).toBe(185_000);
  });

  it('refuses an approval that the budget cannot cover, and leaves the ledger and the item unchanged', async () => {
    await t.dataSource.query(`UPDATE support_plan SET status = 'under_review' WHERE id = $1`, [planId]);
    const big = await addItem('broker', 'A second-hand car for work', 80_000); // only £150 left
    expect(await approve('phbLead', big)).toMatchObject({ status: 'Pending' });
    expect(await approve('commissioner', big)).toMatchObject({ status: 'Pending' });
    const before = await balances();
    expect(await approve('panelLived', big)).toMatchObject({
      __typename: 'InsufficientFundsError',
      message: expect.stringContaining('£150.00'),
    });
    // The error carries the figures the ledger computed, for a page to show without parsing words.
    const figures = await first(
      'panelLived',
      `mutation($id: ID!) { approvePlanItem(itemId: $id) { __typename ... on InsufficientFundsError { available { pence } requested { pence } } } }`,
      { id: big },
    );
    expect(figures).toEqual({ __typename: 'InsufficientFundsError', available: { pence: 15_000 }, requested: { pence: 80_000 } });
    expect(await balances()).toEqual(before);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM sign_off_decision WHERE item_id = $1`, [big]);
    expect(n).toBe(2);
  });

  it('refuses bad amounts and items with no goal, naming the field', async () => {
    const attempt = (input: Record<string, unknown>) =>
      gql('broker', `mutation($input: PlanItemInput!) { addPlanItem(input: $input) { __typename } }`, {
        input: { planId, description: 'x', quantity: 1, goalIds: [goalId], ...input },
      });
    for (const [input, field] of [
      [{ unitPricePence: -500 }, 'unitPricePence'],
      [{ unitPricePence: 999_999_999 }, 'unitPricePence'],
      [{ unitPricePence: 100, goalIds: [] }, 'goalIds'],
      [{ unitPricePence: 100, quantity: 0 }, 'quantity'],
    ] as const) {
      const res = await attempt(input);
      expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      expect(res.errors?.[0].extensions?.fields?.map((f) => f.field)).toContain(field);
    }
    expect((await attempt({ unitPricePence: 12.5 })).status).toBe(400);
  });

  describe('who may see what', () => {
    const readPlan = (who: string | null) => gql(who, `query($id: ID!) { plan(id: $id) { id status goals { text } } }`, { id: planId });

    it('lets the holder, their broker and their clinicians read the plan', async () => {
      for (const who of ['holder', 'broker', 'clinicianA', 'teamLead']) expect((await readPlan(who)).errors).toBeUndefined();
    });

    it.each(['otherBroker', 'commissioner', 'panelLived', 'phbLead', 'carer', 'otherHolder'])('refuses %s', async (who) => {
      expect((await readPlan(who)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await gql(who, `query($id: ID!) { holder(id: $id) { preferredName } }`, { id: holderId })).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
    });

    it('refuses anyone signed out', async () => {
      expect((await readPlan(null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('lets a carer in only once the holder consents', async () => {
      expect(
        await first('holder', `mutation($h: ID!, $u: ID!) { addRepresentative(holderId: $h, userId: $u, relationship: Carer) }`, {
          h: holderId,
          u: users.carer,
        }),
      ).toBe(true);
      expect((await readPlan('carer')).errors).toBeUndefined();
      const res = await gql('broker', `mutation($h: ID!, $u: ID!) { addRepresentative(holderId: $h, userId: $u, relationship: Carer) }`, {
        h: holderId,
        u: users.otherBroker,
      });
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // Withdrawing consent ends access at once.
      expect(
        await first('holder', `mutation($h: ID!, $u: ID!) { revokeRepresentative(holderId: $h, userId: $u) }`, {
          h: holderId,
          u: users.carer,
        }),
      ).toBe(true);
      expect((await readPlan('carer')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  it('audits every decision and money movement', async () => {
    const rows: Array<{ action: string }> = await t.dataSource.query(`SELECT DISTINCT action FROM audit_log`);
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'plan.item_approval',
        'plan.item_decline',
        'plan.item_appealed',
        'budget.commitment',
        'budget.allocation',
        'plan.submitted',
      ]),
    );
  });
});
