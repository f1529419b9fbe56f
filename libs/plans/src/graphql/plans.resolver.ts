import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BudgetKind, BudgetMovement, BudgetsService, isMovementFailure, MovementFailure } from '@kinwell/budgets';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { DomainError, Money, stableUuid } from '@kinwell/kernel';
import { CalendarDateScalar, MoneyModel } from '@kinwell/kernel/graphql';
import { isPlanFailure, PlanFailure } from '../plans.errors';
import { DecisionKind, Holder, PlanGoal, PlanItem, RepresentativeRelationship, SupportPlan } from '../plans.entities';
import { PlansRepository } from '../plans.repository';
import { PlansService } from '../plans.service';
import {
  AlreadyDecidedError,
  ApprovalRequestModel,
  AuthorCannotApproveError,
  BudgetModel,
  BudgetMovementResult,
  DecisionModel,
  GoalModel,
  GoalResult,
  HolderModel,
  InsufficientFundsError,
  MovementModel,
  NotAuthorisedToApproveError,
  PlanItemModel,
  PlanItemResult,
  PlanModel,
  PlanResult,
  PlanStateError,
  QuorumNotMetError,
  ReviewModel,
  SignOffStateModel,
} from './plans.models';
import { BudgetInput, GoalOutcomeInput, HolderInput, PlanItemInput } from './plans.inputs';

const PLANNERS = [Role.Holder, Role.CarerAdvocate, Role.BrokerStaff, Role.CareCoordinator];
const DECIDERS = [Role.CareCoordinator, Role.TeamLead, Role.PhbLead, Role.PanelMember, Role.Commissioner, Role.BrokerStaff];

const toHolder = (h: Holder): HolderModel => ({
  id: h.id,
  preferredName: h.preferredName,
  pronouns: h.pronouns,
  languages: h.languages,
  communities: h.communities,
  postcodeDistrict: h.postcodeDistrict,
});
const toGoal = (g: PlanGoal): GoalModel => Object.assign(new GoalModel(), { id: g.id, text: g.text, baseline: g.baseline });
const toItem = (i: PlanItem): PlanItemModel =>
  Object.assign(new PlanItemModel(), {
    id: i.id,
    planId: i.planId,
    offeringId: i.offeringId,
    description: i.description,
    supplier: i.supplier,
    quantity: i.quantity,
    unitPrice: MoneyModel.from(i.unitPrice),
    total: MoneyModel.from(i.total),
    goalIds: i.goalIds,
    status: i.status,
    round: i.round,
    decisionReason: i.decisionReason,
    decidedAt: i.decidedAt,
  });
const toPlan = (p: SupportPlan): PlanModel =>
  Object.assign(new PlanModel(), {
    id: p.id,
    holderId: p.holderId,
    budgetId: p.budgetId,
    status: p.status,
    contingency: p.contingency,
    holderAgreedAt: p.holderAgreedAt,
    timeline: {
      referralAt: p.referralAt,
      submittedAt: p.submittedAt,
      firstDecisionAt: p.firstDecisionAt,
      firstPaymentAt: p.firstPaymentAt,
      activatedAt: p.activatedAt,
    },
  });
const toMovement = (m: BudgetMovement): MovementModel =>
  Object.assign(new MovementModel(), {
    id: m.id,
    kind: m.kind,
    amount: MoneyModel.from(m.amount),
    occurredAt: m.occurredAt,
    note: m.note,
    referenceId: m.referenceId,
  });

/** Maps a business failure to its GraphQL error type. */
function failureResult(f: PlanFailure | MovementFailure) {
  const type =
    f.kind === 'insufficient_funds'
      ? InsufficientFundsError
      : f.kind === 'not_authorised_to_approve'
        ? NotAuthorisedToApproveError
        : f.kind === 'author_cannot_approve'
          ? AuthorCannotApproveError
          : f.kind === 'already_decided'
            ? AlreadyDecidedError
            : f.kind === 'quorum_not_met'
              ? QuorumNotMetError
              : PlanStateError;
  return Object.assign(new type(), { message: f.message });
}

function result<T, M>(outcome: T | PlanFailure, map: (value: T) => M) {
  return isPlanFailure(outcome) ? failureResult(outcome) : map(outcome);
}

@Resolver()
export class PlansResolver {
  constructor(
    private readonly plans: PlansService,
    private readonly repository: PlansRepository,
  ) {}

  // ---- queries ----

  @SignedIn()
  @Query(() => HolderModel, { description: 'A holder you support, or yourself' })
  async holder(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal) {
    return toHolder(await this.plans.holderFor(principal, id));
  }

  @SignedIn()
  @Query(() => HolderModel, { nullable: true, description: 'Your own holder record, if you hold a budget' })
  async myHolderRecord(@CurrentUser() principal: Principal) {
    const holder = await this.repository.findHolderByUser(principal.userId);
    return holder ? toHolder(holder) : null;
  }

  @SignedIn()
  @Query(() => PlanModel)
  async plan(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal) {
    return toPlan(await this.plans.findPlanFor(principal, id));
  }

  @SignedIn()
  @Query(() => [PlanModel], { description: "A holder's plans, newest first" })
  async plansOfHolder(@Args('holderId', { type: () => ID }) holderId: string, @CurrentUser() principal: Principal) {
    await this.plans.holderFor(principal, holderId);
    return (await this.repository.plansOfHolder(holderId)).map(toPlan);
  }

  @Roles(...DECIDERS)
  @Query(() => [ApprovalRequestModel], { description: 'Items waiting for your decision' })
  async approvalsInbox(@CurrentUser() principal: Principal): Promise<ApprovalRequestModel[]> {
    const inbox = await this.plans.approvalsInbox(principal);
    return Promise.all(
      inbox.map(async ({ item, holder, state }) => {
        const goals = await this.repository.goals(item.planId);
        return {
          item: toItem(item),
          // Approvers outside the holder's team see a case reference, not a name.
          caseReference: `Case ${stableUuid('case', holder.id).slice(0, 8).toUpperCase()}`,
          goals: goals.filter((g) => item.goalIds.includes(g.id)).map((g) => g.text),
          signOff: state,
        };
      }),
    );
  }

  // ---- holders and budgets ----

  @Roles(Role.BrokerStaff)
  @Mutation(() => HolderModel, { description: 'Register a person the broker supports' })
  async createHolder(@Args('input') input: HolderInput, @CurrentUser() principal: Principal) {
    return toHolder(
      await this.plans.createHolder(principal, {
        ...input,
        clinicalTeamId: input.clinicalTeamId ?? null,
        userId: input.userId ?? null,
        pronouns: input.pronouns ?? null,
        ageBand: input.ageBand ?? null,
        gender: input.gender ?? null,
        postcodeDistrict: input.postcodeDistrict?.toUpperCase() ?? null,
      }),
    );
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'As the holder, let a carer or advocate act for you' })
  async addRepresentative(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('relationship', { type: () => RepresentativeRelationship }) relationship: RepresentativeRelationship,
    @CurrentUser() principal: Principal,
  ) {
    await this.plans.addRepresentative(principal, holderId, userId, relationship);
    return true;
  }

  @Roles(Role.Holder)
  @Mutation(() => Boolean, { description: "Withdraw a carer's or advocate's permission to act for you" })
  async revokeRepresentative(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @CurrentUser() principal: Principal,
  ) {
    await this.plans.revokeRepresentative(principal, holderId, userId);
    return true;
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => BudgetModel, { description: 'Open the budget for a plan period, with its amount and how it was worked out' })
  async openBudget(@Args('input') input: BudgetInput, @CurrentUser() principal: Principal) {
    const budget = await this.plans.openBudget(principal, input.holderId, { ...input, allocation: Money.ofPence(input.allocationPence) });
    return { id: budget.id } as BudgetModel;
  }

  // ---- building the plan ----

  @Roles(...PLANNERS)
  @Mutation(() => PlanModel)
  async createPlan(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('budgetId', { type: () => ID }) budgetId: string,
    @CurrentUser() principal: Principal,
    @Args('referralAt', { type: () => Date, nullable: true }) referralAt?: Date,
  ) {
    return toPlan(await this.plans.createPlan(principal, holderId, budgetId, referralAt ?? null));
  }

  @Roles(...PLANNERS)
  @Mutation(() => GoalResult)
  async addGoal(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('text', { type: () => String }) text: string,
    @CurrentUser() principal: Principal,
    @Args('baseline', { type: () => Int, nullable: true }) baseline?: number,
  ) {
    if (text.trim().length < 3 || text.length > 1000)
      throw DomainError.validation([{ field: 'text', message: "a goal in the holder's words, 3 to 1000 characters" }]);
    if (baseline != null && (baseline < 0 || baseline > 10))
      throw DomainError.validation([{ field: 'baseline', message: 'must be from 0 to 10' }]);
    return result(await this.plans.addGoal(principal, planId, text, baseline ?? null), toGoal);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanItemResult)
  async addPlanItem(@Args('input') input: PlanItemInput, @CurrentUser() principal: Principal) {
    return result(await this.plans.addItem(principal, input.planId, input), toItem);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanResult)
  async setContingency(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('text', { type: () => String }) text: string,
    @CurrentUser() principal: Principal,
  ) {
    if (text.trim().length < 10 || text.length > 4000)
      throw DomainError.validation([{ field: 'text', message: 'say what should happen, 10 to 4000 characters' }]);
    return result(await this.plans.setContingency(principal, planId, text), toPlan);
  }

  @Roles(Role.Holder, Role.CarerAdvocate)
  @Mutation(() => PlanResult, { description: 'As the holder (or with their consent), agree to the plan as it stands' })
  async agreeToPlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(await this.plans.agree(principal, planId), toPlan);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanResult, { description: 'Send the plan for sign-off' })
  async submitPlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(await this.plans.submit(principal, planId), toPlan);
  }

  // ---- sign-off ----

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemResult)
  async approvePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @CurrentUser() principal: Principal,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ) {
    return result(await this.plans.decide(principal, itemId, DecisionKind.Approve, note ?? null), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemResult, { description: 'Decline, with a plain-language reason the holder will read' })
  async declinePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(await this.plans.decide(principal, itemId, DecisionKind.Decline, reason), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemResult)
  async requestPlanItemChanges(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(await this.plans.decide(principal, itemId, DecisionKind.RequestChanges, reason), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemResult, { description: 'Pass the item up to the next sign-off tier' })
  async escalatePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @CurrentUser() principal: Principal,
    @Args('reason', { type: () => String, nullable: true }) reason?: string,
  ) {
    return result(await this.plans.decide(principal, itemId, DecisionKind.Escalate, reason ?? null), toItem);
  }

  @Roles(Role.Holder, Role.CarerAdvocate)
  @Mutation(() => PlanItemResult, { description: 'Appeal a decline; someone other than the decliner decides' })
  async appealPlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(await this.plans.appeal(principal, itemId, reason), toItem);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanItemResult)
  async resubmitPlanItem(@Args('itemId', { type: () => ID }) itemId: string, @CurrentUser() principal: Principal) {
    return result(await this.plans.resubmit(principal, itemId), toItem);
  }

  // ---- running the plan ----

  @SignedIn()
  @Mutation(() => PlanResult, { description: "Sign the plan where the area's policy asks for signatures" })
  async signPlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(await this.plans.sign(principal, planId), toPlan);
  }

  @Roles(Role.BrokerStaff, Role.CareCoordinator)
  @Mutation(() => PlanResult, { description: 'Start an approved plan; schedules start, midpoint and end reviews' })
  async activatePlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(await this.plans.activate(principal, planId), toPlan);
  }

  @SignedIn()
  @Mutation(() => PlanResult, { description: 'Ask for a rapid review when needs change' })
  async requestRapidReview(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(await this.plans.requestRapidReview(principal, planId, reason), toPlan);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanResult)
  async completeReview(
    @Args('reviewId', { type: () => ID }) reviewId: string,
    @Args('outcomes', { type: () => [GoalOutcomeInput] }) outcomes: GoalOutcomeInput[],
    @CurrentUser() principal: Principal,
  ) {
    return result(await this.plans.completeReview(principal, reviewId, outcomes), toPlan);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => BudgetMovementResult, {
    description: 'As the broker holding the budget, add money to a plan’s budget, e.g. to scale support up in a crisis',
  })
  async topUpBudget(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('amountPence', { type: () => Int }) amountPence: number,
    @Args('reason', { type: () => String }) reason: string,
    @Args('idempotencyKey', { type: () => String }) idempotencyKey: string,
    @CurrentUser() principal: Principal,
  ) {
    const moved = await this.plans.topUp(principal, planId, Money.ofPence(amountPence), reason, idempotencyKey);
    return isMovementFailure(moved) ? failureResult(moved) : toMovement(moved);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PlanResult, { description: 'Close the plan: release unspent commitments and reclaim what is left' })
  async closePlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(await this.plans.close(principal, planId), toPlan);
  }
}

@Resolver(() => PlanModel)
export class PlanFieldsResolver {
  constructor(private readonly repository: PlansRepository) {}

  @ResolveField(() => HolderModel)
  async holder(@Parent() plan: PlanModel) {
    return toHolder((await this.repository.findHolder(plan.holderId))!);
  }

  @ResolveField(() => [GoalModel])
  async goals(@Parent() plan: PlanModel) {
    return (await this.repository.goals(plan.id)).map(toGoal);
  }

  @ResolveField(() => [PlanItemModel])
  async items(@Parent() plan: PlanModel) {
    return (await this.repository.items(plan.id)).map(toItem);
  }

  @ResolveField(() => [ReviewModel])
  async reviews(@Parent() plan: PlanModel) {
    return this.repository.reviews(plan.id);
  }

  @ResolveField(() => BudgetModel)
  async budget(@Parent() plan: PlanModel) {
    return { id: plan.budgetId } as BudgetModel;
  }
}

@Resolver(() => BudgetModel)
export class BudgetFieldsResolver {
  constructor(private readonly budgets: BudgetsService) {}

  private async load(budget: BudgetModel) {
    const found = await this.budgets.findBudget(budget.id);
    if (!found) throw DomainError.notFound('That budget');
    return found;
  }

  @ResolveField(() => BudgetKind)
  async kind(@Parent() budget: BudgetModel) {
    return (await this.load(budget)).kind;
  }

  @ResolveField(() => CalendarDateScalar)
  async periodStart(@Parent() budget: BudgetModel) {
    return (await this.load(budget)).periodStart;
  }

  @ResolveField(() => CalendarDateScalar)
  async periodEnd(@Parent() budget: BudgetModel) {
    return (await this.load(budget)).periodEnd;
  }

  @ResolveField(() => String)
  async allocationNote(@Parent() budget: BudgetModel) {
    return (await this.load(budget)).allocationNote;
  }

  @ResolveField(() => Date, { nullable: true })
  async closedAt(@Parent() budget: BudgetModel) {
    return (await this.load(budget)).closedAt;
  }

  @ResolveField()
  async allocationLines(@Parent() budget: BudgetModel) {
    return (await this.load(budget)).allocationLines.map((l) => ({ label: l.label, amount: MoneyModel.from(Money.ofPence(l.pence)) }));
  }

  @ResolveField()
  async balances(@Parent() budget: BudgetModel) {
    const b = await this.budgets.balances(budget.id);
    return {
      allocated: MoneyModel.from(b.allocated),
      available: MoneyModel.from(b.available),
      committed: MoneyModel.from(b.committed),
      spent: MoneyModel.from(b.spent),
    };
  }

  @ResolveField()
  async ledger(@Parent() budget: BudgetModel) {
    return (await this.budgets.movements(budget.id)).map(toMovement);
  }
}

@Resolver(() => PlanItemModel)
export class PlanItemFieldsResolver {
  constructor(
    private readonly plans: PlansService,
    private readonly repository: PlansRepository,
  ) {}

  @ResolveField(() => SignOffStateModel)
  async signOff(@Parent() item: PlanItemModel) {
    return this.plans.signOffState((await this.repository.findItem(item.id))!);
  }

  @ResolveField(() => [DecisionModel])
  async decisions(@Parent() item: PlanItemModel) {
    return this.repository.decisions(item.id);
  }
}
