import { AuthService, OrganisationKind, Principal, Role } from '@kinwell/identity';
import { Money } from '@kinwell/kernel';
import { BudgetKind } from '@kinwell/budgets';
import {
  CITY_AND_HACKNEY,
  DecisionKind,
  isPlanFailure,
  ItemStatus,
  PlanFailure,
  PlanDraftingService,
  HoldersService,
  SignOffService,
  SignOffPolicy,
} from '@kinwell/plans';
import { makeOrganisation, makeUser } from './factories';
import { TestApp } from './test-app';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
export const FIXTURE_PERIOD = { start: day(-30), end: day(335) };

export interface ApprovedItems {
  itemIds: string[];
  planId: string;
  budgetId: string;
  broker: Principal;
  brokerToken: string;
  otherBrokerToken: string;
  holderToken: string;
  /** The team lead may read the plan, not change it. */
  readOnlyToken: string;
  commissionerToken: string;
}

/** A fixture step that failed stops the test there, saying which step and why, instead of handing on an empty id. */
function must<T>(step: string, result: T | PlanFailure): T {
  if (isPlanFailure(result)) throw new Error(`Fixture could not ${step}: ${result.kind}: ${result.message}`);
  return result;
}

/** A holder with a budget and a submitted plan whose items (pence each) are all approved. */
export async function approvedItems(
  t: Pick<TestApp, 'app' | 'dataSource' | 'signIn'>,
  allocationPence: number,
  itemPence: number[],
  offeringIds: string[] = [],
): Promise<ApprovedItems> {
  const ds = t.dataSource;
  const icb = await makeOrganisation(ds, { kind: OrganisationKind.Commissioner });
  const broker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: icb.id, name: 'Fixture Brokerage' });
  const otherBroker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: icb.id });
  const team = await makeOrganisation(ds, { kind: OrganisationKind.ClinicalTeam, commissionerId: icb.id });
  await ds.getRepository(SignOffPolicy).insert({ commissionerId: icb.id, name: 'City & Hackney', rules: CITY_AND_HACKNEY });
  const auth = t.app.get(AuthService);
  const person = async (organisationId: string, role: Role, livedExperience = false) => {
    const user = await makeUser(ds, { memberships: [{ organisationId, role, livedExperience }] });
    const token = await t.signIn(user.email);
    return { user, token, principal: await auth.authenticate(token) };
  };
  const brokerStaff = await person(broker.id, Role.BrokerStaff);
  const other = await person(otherBroker.id, Role.BrokerStaff);
  const holder = await person(broker.id, Role.Holder);
  const deciders = [
    await person(team.id, Role.CareCoordinator),
    await person(team.id, Role.TeamLead),
    await person(icb.id, Role.PanelMember, true),
    await person(icb.id, Role.PhbLead),
    await person(icb.id, Role.Commissioner),
  ];
  const drafting = t.app.get(PlanDraftingService);
  const holders = t.app.get(HoldersService);
  const signOff = t.app.get(SignOffService);
  const h = await holders.createHolder(brokerStaff.principal, {
    preferredName: 'Fixture',
    pronouns: null,
    languages: ['en'],
    communities: [],
    ageBand: null,
    gender: null,
    ethnicity: null,
    equityReportingConsent: false,
    postcodeDistrict: null,
    brokerOrganisationId: broker.id,
    clinicalTeamId: team.id,
  });
  // A fixture: the holder's account linked as if they had accepted the broker's invitation (tested on its own).
  await t.dataSource.query(`UPDATE holder SET user_id = $1 WHERE id = $2`, [holder.user.id, h.id]);
  // The period runs around today, so spending made now falls inside it whenever the tests run.
  const budget = await holders.openBudget(brokerStaff.principal, h.id, {
    kind: BudgetKind.ThirdParty,
    periodStart: FIXTURE_PERIOD.start,
    periodEnd: FIXTURE_PERIOD.end,
    allocation: Money.ofPence(allocationPence),
    allocationNote: 'Fixture budget',
    allocationLines: [],
  });
  const plan = await drafting.createPlan(brokerStaff.principal, h.id, budget.id, null);
  const goalId = must('add the goal', await drafting.addGoal(brokerStaff.principal, plan.id, 'Feel well enough to work', null)).id;
  const itemIds: string[] = [];
  for (const [i, pence] of itemPence.entries()) {
    const item = await drafting.addItem(brokerStaff.principal, plan.id, {
      description: `Fixture item ${i + 1}`,
      unitPricePence: pence,
      quantity: 1,
      goalIds: [goalId],
    });
    if ('id' in item) itemIds.push(item.id);
  }
  for (const offeringId of offeringIds) {
    itemIds.push(
      must(
        `add offering ${offeringId}`,
        await drafting.addItem(brokerStaff.principal, plan.id, { offeringId, quantity: 1, goalIds: [goalId] }),
      ).id,
    );
  }
  must('agree to the plan', await drafting.agree(holder.principal, plan.id));
  must('submit the plan', await drafting.submit(brokerStaff.principal, plan.id));
  // Each item goes up the tiers its amount needs, and no further.
  for (const itemId of itemIds) {
    let status = ItemStatus.Pending;
    for (const d of deciders) {
      if (status === ItemStatus.Approved) break;
      const decided = await signOff.decide(d.principal, itemId, DecisionKind.Approve, null);
      // A tier this decider does not sit on (a team lead, for an amount only a panel decides): the next one.
      if (isPlanFailure(decided) && decided.kind === 'not_authorised_to_approve') continue;
      status = must(`approve ${itemId}`, decided).status;
    }
    if (status !== ItemStatus.Approved) throw new Error(`Fixture could not get ${itemId} approved: it is ${status}`);
  }
  return {
    itemIds,
    planId: plan.id,
    budgetId: budget.id,
    broker: brokerStaff.principal,
    brokerToken: brokerStaff.token,
    otherBrokerToken: other.token,
    holderToken: holder.token,
    readOnlyToken: deciders[1].token,
    commissionerToken: deciders[4].token,
  };
}
