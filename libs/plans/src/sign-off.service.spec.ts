import { BudgetsService } from '@kinwell/budgets';
import { AuditLog, OutboxService, TransactionHost } from '@kinwell/database';
import { OrganisationKind, Principal, PrincipalMembership, Role } from '@kinwell/identity';
import { DomainError, FixedClock, Money } from '@kinwell/kernel';
import { strictMock } from '@kinwell/testing';
import { CITY_AND_HACKNEY } from './domain/sign-off-policy';
import { PlanAccess } from './plan-access';
import { DecisionKind, Holder, ItemStatus, PlanItem, PlanStatus, SignOffDecision, SupportPlan } from './plans.entities';
import { PlanFailure } from './plans.errors';
import { PlansRepository } from './plans.repository';
import { PlanNotices } from './plan-notices';
import { SignOffService } from './sign-off.service';

const TEAM = 'team-1';
const ICB = 'icb-1';
const member = (organisationId: string, role: Role, livedExperience = false): PrincipalMembership => ({
  organisationId,
  organisationKind: organisationId === ICB ? OrganisationKind.Commissioner : OrganisationKind.ClinicalTeam,
  role,
  livedExperience,
});
const person = (id: string, ...memberships: PrincipalMembership[]) => new Principal(id, `${id}@example.org`, id, memberships);

const clinician = person('clinician', member(TEAM, Role.CareCoordinator));
const teamLead = person('team-lead', member(TEAM, Role.TeamLead));
const panel = person('panel', member(ICB, Role.PanelMember, true));
const stranger = person('stranger', member('another-team', Role.CareCoordinator));

const holder = { id: 'holder-1', commissionerId: ICB, clinicalTeamId: TEAM, brokerOrganisationId: 'broker-1' } as Holder;
const plan = { id: 'plan-1', holderId: holder.id, budgetId: 'budget-1', status: PlanStatus.Submitted } as SupportPlan;
const item = (over: Partial<PlanItem> = {}): PlanItem =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    planId: plan.id,
    description: 'Gym',
    total: Money.ofPence(20_000),
    goalIds: [],
    status: ItemStatus.Pending,
    round: 1,
    escalation: 0,
    requestedBy: 'broker-staff',
    excludedDeciders: [],
    ...over,
  }) as PlanItem;

/**
 * Every refusal of a sign-off decision, one row each: what it answers, and that it wrote nothing.
 * The doubles have only read methods, so a decision, an audit entry, a ledger movement or an
 * event written on a refusal would fail the test as an unexpected call.
 */
describe('SignOffService.decide refusals', () => {
  const build = (found: PlanItem, decisions: Partial<SignOffDecision>[] = []) => {
    const repository = strictMock<PlansRepository>({
      lockItem: jest.fn().mockResolvedValue(found),
      findPlan: jest.fn().mockResolvedValue(plan),
      findHolder: jest.fn().mockResolvedValue(holder),
      findPolicy: jest.fn().mockResolvedValue({ commissionerId: ICB, rules: CITY_AND_HACKNEY }),
      decisionsOfRound: jest.fn().mockResolvedValue(decisions),
    });
    const access = strictMock<PlanAccess>({ scopeOf: jest.fn().mockReturnValue([TEAM, holder.brokerOrganisationId, ICB]) });
    const tx = strictMock<TransactionHost>({ run: jest.fn((work: () => Promise<unknown>) => work()) });
    return new SignOffService(
      repository,
      access,
      strictMock<BudgetsService>({}),
      tx,
      strictMock<AuditLog>({}),
      strictMock<OutboxService>({}),
      new FixedClock(new Date('2026-12-01T10:00:00Z')),
      // Nobody is told anything about a refusal: any notice would fail the test as an unexpected call.
      strictMock<PlanNotices>({}),
    );
  };

  it.each<[string, Principal, PlanItem, DecisionKind, Partial<SignOffDecision>[], PlanFailure['kind']]>([
    ['an item already approved', clinician, item({ status: ItemStatus.Approved }), DecisionKind.Approve, [], 'wrong_state'],
    [
      'an appeal put to the person who declined',
      clinician,
      item({ excludedDeciders: ['clinician'] }),
      DecisionKind.Approve,
      [],
      'not_authorised_to_approve',
    ],
    [
      'a second decision by the same person in a round',
      clinician,
      item(),
      DecisionKind.Approve,
      [{ deciderUserId: 'clinician', decision: DecisionKind.Approve, round: 1 }],
      'already_decided',
    ],
    [
      'the author approving their own request',
      person('broker-staff', member(TEAM, Role.CareCoordinator)),
      item(),
      DecisionKind.Approve,
      [],
      'author_cannot_approve',
    ],
    ['an approval that does not count at this tier', panel, item(), DecisionKind.Approve, [], 'not_authorised_to_approve'],
    ['a team lead where only a clinician decides', teamLead, item(), DecisionKind.Approve, [], 'not_authorised_to_approve'],
    ['a decline by someone outside the tier', panel, item(), DecisionKind.Decline, [], 'not_authorised_to_approve'],
  ])('refuses %s, writing nothing', async (_label, who, found, decision, decisions, kind) => {
    const outcome = await build(found, decisions).decide(
      who,
      found.id,
      decision,
      decision === DecisionKind.Approve ? null : 'Not in the plan we agreed',
    );
    expect(outcome).toMatchObject({ kind });
  });

  it('refuses someone outside the holder’s teams and area, writing nothing', async () => {
    await expect(build(item()).decide(stranger, item().id, DecisionKind.Approve, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a decline without a reason the holder can act on, before reading anything', async () => {
    const sut = build(item());
    await expect(sut.decide(clinician, item().id, DecisionKind.Decline, 'No')).rejects.toBeInstanceOf(DomainError);
  });
});
