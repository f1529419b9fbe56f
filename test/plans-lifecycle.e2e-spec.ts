import { OrganisationKind, Role } from '@kinwell/identity';
import { MERSEYSIDE, SignOffPolicy } from '@kinwell/plans';
import { createTestApp, linkHolderByInvitation, makeOrganisation, makeUser, TestApp } from '@kinwell/testing';

type Result = {
  __typename: string;
  id?: string;
  status?: string;
  errorCode?: string;
  message?: string;
  signOff?: { tier: string; stillNeeded: string[] };
};

describe('a plan under the Merseyside policy, from sign-off to close', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const users: Record<string, string> = {};
  let planId: string;
  let goalId: string;
  let itemId: string;

  const call = async (who: string, query: string, variables: Record<string, unknown> = {}): Promise<Result & Record<string, unknown>> => {
    const res = await t.gql(query, variables, tokens[who]);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data)[0] as Result & Record<string, unknown>;
  };
  const ITEM = `__typename ... on PlanItem { id status signOff { tier stillNeeded } } ... on ErrorResult { errorCode message }`;
  const PLAN = `__typename ... on SupportPlan { id status } ... on ErrorResult { errorCode message }`;
  const balances = async () =>
    (
      await t.gql<{ plan: { budget: { balances: Record<string, { pence: number }> } } }>(
        `query($id: ID!) { plan(id: $id) { budget { balances { allocated { pence } available { pence } committed { pence } spent { pence } } } } }`,
        { id: planId },
        tokens.broker,
      )
    ).data!.plan.budget.balances;

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    const icb = await makeOrganisation(ds, { kind: OrganisationKind.Commissioner });
    const broker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: icb.id });
    const team = await makeOrganisation(ds, { kind: OrganisationKind.ClinicalTeam, commissionerId: icb.id });
    const otherTeam = await makeOrganisation(ds, { kind: OrganisationKind.ClinicalTeam, commissionerId: icb.id });
    await ds.getRepository(SignOffPolicy).insert({ commissionerId: icb.id, name: 'Merseyside', rules: MERSEYSIDE });
    const people: Array<[string, string, Role, boolean?]> = [
      ['broker', broker.id, Role.BrokerStaff],
      ['holder', broker.id, Role.Holder],
      ['coordinator', team.id, Role.CareCoordinator],
      ['coordinator2', team.id, Role.CareCoordinator],
      ['manager', team.id, Role.TeamLead],
      ['strangerClinician', otherTeam.id, Role.CareCoordinator],
      ['panel1', icb.id, Role.PanelMember, true],
      ['panel2', icb.id, Role.PanelMember],
      ['panel3', icb.id, Role.PanelMember],
    ];
    for (const [who, organisationId, role, livedExperience] of people) {
      const user = await makeUser(ds, { memberships: [{ organisationId, role, livedExperience }] });
      users[who] = user.id;
      tokens[who] = await t.signIn(user.email);
    }
    const holder = await call('broker', `mutation($input: HolderInput!) { createHolder(input: $input) { id } }`, {
      input: {
        brokerOrganisationId: broker.id,
        clinicalTeamId: team.id,
        preferredName: 'Tunde',
        languages: ['en'],
        communities: [],
        equityReportingConsent: false,
      },
    });
    await linkHolderByInvitation(t, tokens.broker, holder.id as string, users.holder);
    const budget = await call('broker', `mutation($input: BudgetInput!) { openBudget(input: $input) { id } }`, {
      input: {
        holderId: holder.id,
        kind: 'ThirdParty',
        periodStart: '2026-12-01',
        periodEnd: '2027-05-31',
        allocationPence: 100_000,
        allocationNote: 'One-off budget agreed at the panel',
        allocationLines: [],
      },
    });
    planId = (
      await call('broker', `mutation($h: ID!, $b: ID!) { createPlan(holderId: $h, budgetId: $b) { id } }`, { h: holder.id, b: budget.id })
    ).id as string;
    goalId = (
      await call(
        'holder',
        `mutation($p: ID!) { addGoal(planId: $p, text: "Get back to work as a mechanic") { __typename ... on Goal { id } } }`,
        { p: planId },
      )
    ).id as string;
    itemId = (
      await call('broker', `mutation($input: PlanItemInput!) { addPlanItem(input: $input) { ${ITEM} } }`, {
        input: {
          planId,
          description: 'Mechanic tool kit',
          supplier: 'Trade supplier',
          unitPricePence: 60_000,
          quantity: 1,
          goalIds: [goalId],
        },
      })
    ).id as string;
    await call('holder', `mutation($p: ID!) { agreeToPlan(planId: $p) { ${PLAN} } }`, { p: planId });
    expect(await call('broker', `mutation($p: ID!) { submitPlan(planId: $p) { ${PLAN} } }`, { p: planId })).toMatchObject({
      status: 'Submitted',
    });
  });
  afterAll(() => t.close());

  it('sends an item over £400 to the team manager, who can pass it up the chain to the risk enablement panel', async () => {
    expect(await call('coordinator', `mutation($id: ID!) { approvePlanItem(itemId: $id) { ${ITEM} } }`, { id: itemId })).toMatchObject({
      __typename: 'NotAuthorisedToApproveError',
    });
    expect(
      await call(
        'manager',
        `mutation($id: ID!) { escalatePlanItem(itemId: $id, reason: "A big one-off purchase: the MDT should see it") { ${ITEM} } }`,
        { id: itemId },
      ),
    ).toMatchObject({
      status: 'Pending',
      signOff: { tier: 'Multidisciplinary team meeting' },
    });
    await call('coordinator', `mutation($id: ID!) { escalatePlanItem(itemId: $id) { ${ITEM} } }`, { id: itemId });
    for (const who of ['panel2', 'panel3'])
      expect(await call(who, `mutation($id: ID!) { approvePlanItem(itemId: $id) { ${ITEM} } }`, { id: itemId })).toMatchObject({
        status: 'Pending',
      });
    expect(await call('panel1', `mutation($id: ID!) { approvePlanItem(itemId: $id) { ${ITEM} } }`, { id: itemId })).toMatchObject({
      status: 'Approved',
      signOff: { tier: 'Risk enablement panel' },
    });
    expect(await call('panel1', `mutation($id: ID!) { escalatePlanItem(itemId: $id) { ${ITEM} } }`, { id: itemId })).toMatchObject({
      __typename: 'PlanStateError',
    });
  });

  it('keeps a clinician from another team out of this person’s sign-off and plan', async () => {
    const res = await t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: planId }, tokens.strangerClinician);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (await t.gql<{ approvalsInbox: unknown[] }>(`{ approvalsInbox { caseReference } }`, {}, tokens.strangerClinician)).data
        ?.approvalsInbox,
    ).toEqual([]);
  });

  it('starts only once the broker, the holder and the care coordinator have signed, and schedules reviews', async () => {
    expect(await call('broker', `mutation($p: ID!) { activatePlan(planId: $p) { ${PLAN} } }`, { p: planId })).toMatchObject({
      __typename: 'QuorumNotMetError',
      message: expect.stringContaining('holder'),
    });
    for (const who of ['broker', 'holder', 'coordinator'])
      expect(await call(who, `mutation($p: ID!) { signPlan(planId: $p) { ${PLAN} } }`, { p: planId })).toMatchObject({
        __typename: 'SupportPlan',
      });
    // The team manager may read the plan but is not a signer; a panel member has no access to the person, so learns nothing, not even the policy.
    expect(await call('manager', `mutation($p: ID!) { signPlan(planId: $p) { ${PLAN} } }`, { p: planId })).toMatchObject({
      __typename: 'NotAuthorisedToApproveError',
    });
    const stranger = await t.gql(`mutation($p: ID!) { signPlan(planId: $p) { ${PLAN} } }`, { p: planId }, tokens.panel1);
    expect(stranger.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(stranger)).not.toMatch(/signed by/);
    expect(await call('broker', `mutation($p: ID!) { activatePlan(planId: $p) { ${PLAN} } }`, { p: planId })).toMatchObject({
      status: 'Active',
    });
    const reviews = await t.gql<{ plan: { reviews: Array<{ kind: string; dueOn: string }> } }>(
      `query($id: ID!) { plan(id: $id) { reviews { kind dueOn } } }`,
      { id: planId },
      tokens.holder,
    );
    expect(reviews.data!.plan.reviews.map((r) => r.kind)).toEqual(expect.arrayContaining(['Start', 'Midpoint', 'End']));
    expect(reviews.data!.plan.reviews.find((r) => r.kind === 'End')?.dueOn).toBe('2027-05-31');
  });

  it('lets the holder ask for a rapid review, and the broker top the budget up in a crisis, once per request', async () => {
    expect(
      await call(
        'holder',
        `mutation($p: ID!) { requestRapidReview(planId: $p, reason: "I lost my job and need more support for a while") { ${PLAN} } }`,
        { p: planId },
      ),
    ).toMatchObject({ status: 'UnderReview' });
    const topUp = `mutation($p: ID!, $k: String!) { topUpBudget(planId: $p, amountPence: 25000, reason: "Crisis support agreed at rapid review", idempotencyKey: $k) { __typename ... on BudgetMovement { id kind amount { pence } } } }`;
    const first = await call('broker', topUp, { p: planId, k: 'rapid-review-1' });
    const replay = await call('broker', topUp, { p: planId, k: 'rapid-review-1' });
    expect(replay).toEqual(first);
    expect(await balances()).toMatchObject({ allocated: { pence: 125_000 }, committed: { pence: 60_000 }, available: { pence: 65_000 } });
    expect((await t.gql(topUp, { p: planId, k: 'x' }, tokens.holder)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Read-only access (the team manager) cannot ask for a review, nor add money.
    const readOnly = await t.gql(
      `mutation($p: ID!) { requestRapidReview(planId: $p, reason: "Something has changed for them") { ${PLAN} } }`,
      { p: planId },
      tokens.manager,
    );
    expect(readOnly.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(topUp, { p: planId, k: 'y' }, tokens.manager)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const [review] = await t.dataSource.query(`SELECT id FROM plan_review WHERE plan_id = $1 AND kind = 'rapid'`, [planId]);
    const bad = await t.gql(
      `mutation($r: ID!, $o: [GoalOutcomeInput!]!) { completeReview(reviewId: $r, outcomes: $o) { __typename } }`,
      { r: review.id, o: [{ goalId, rating: 11 }] },
      tokens.broker,
    );
    expect(bad.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(
      await call('broker', `mutation($r: ID!, $o: [GoalOutcomeInput!]!) { completeReview(reviewId: $r, outcomes: $o) { ${PLAN} } }`, {
        r: review.id,
        o: [{ goalId, rating: 6 }],
      }),
    ).toMatchObject({ status: 'Active' });
  });

  it('closes the plan: releases what was committed but not spent and reclaims the rest, leaving a ledger that balances', async () => {
    expect(await call('broker', `mutation($p: ID!) { closePlan(planId: $p) { ${PLAN} } }`, { p: planId })).toMatchObject({
      status: 'Closed',
    });
    expect(await balances()).toEqual({ allocated: { pence: 0 }, available: { pence: 0 }, committed: { pence: 0 }, spent: { pence: 0 } });
    const kinds = await t.gql<{ plan: { budget: { ledger: Array<{ kind: string }> } } }>(
      `query($id: ID!) { plan(id: $id) { budget { ledger { kind } } } }`,
      { id: planId },
      tokens.holder,
    );
    expect(kinds.data!.plan.budget.ledger.map((m) => m.kind)).toEqual(['Allocation', 'Commitment', 'TopUp', 'Release', 'Reclaim']);
    expect(await call('broker', `mutation($p: ID!) { closePlan(planId: $p) { ${PLAN} } }`, { p: planId })).toMatchObject({
      __typename: 'PlanStateError',
    });
  });
});
