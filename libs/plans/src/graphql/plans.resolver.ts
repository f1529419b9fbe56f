import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BudgetKind, BudgetMovement, BudgetsService, isMovementFailure, MovementFailure } from '@kinwell/budgets';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { DomainError, Money, stableUuid } from '@kinwell/kernel';
import { CalendarDateScalar, ErrorResult, MoneyModel } from '@kinwell/kernel/graphql';
import { isPlanFailure, PlanFailure } from '../plans.errors';
import { DecisionKind, Holder, PlanGoal, PlanItem, RepresentativeRelationship, SupportPlan } from '../plans.entities';
import { PlansRepository } from '../plans.repository';
import { HoldersService } from '../holders.service';
import { PlanAccess } from '../plan-access';
import { PlanDraftingService } from '../plan-drafting.service';
import { PlanLifecycleService } from '../plan-lifecycle.service';
import { SignOffService } from '../sign-off.service';
import {
  ApprovalRequestModel,
  BudgetModel,
  BudgetMovementResult,
  DecisionModel,
  FAILURE_TYPES,
  GoalModel,
  GoalResult,
  HolderModel,
  MovementModel,
  PlanItemApprovalResult,
  PlanItemChangeResult,
  PlanItemDecisionResult,
  PlanItemModel,
  PlanModel,
  PlanResult,
  PlanStepResult,
  ResultUnion,
  ReviewModel,
  SignOffStateModel,
  SignPlanResult,
} from './plans.models';
import { BudgetInput, GoalOutcomeInput, HolderInput, PlanItemInput } from './plans.inputs';
import { plansLoaders, PlansGraphqlContext } from './plans.loaders';

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

/** A business failure as its GraphQL error, with the figures the service computed. */
function failureResult(f: PlanFailure | MovementFailure): ErrorResult {
  const error = Object.assign(new FAILURE_TYPES[f.kind](), { message: f.message });
  if (f.kind === 'insufficient_funds')
    Object.assign(error, { available: MoneyModel.from(f.available), requested: MoneyModel.from(f.requested) });
  if (f.kind === 'quorum_not_met') Object.assign(error, { missing: f.missing });
  return error;
}

/**
 * What the service returned, as the mutation's union. A failure the union does not list is a
 * fault (the schema would be lying to clients), so it fails loudly instead of being sent.
 */
function result<T, M>(union: ResultUnion, outcome: T | PlanFailure | MovementFailure, map: (value: T) => M) {
  if (!isPlanFailure(outcome) && !isMovementFailure(outcome)) return map(outcome);
  if (!union.kinds.includes(outcome.kind)) throw new Error(`A ${outcome.kind} failure is not in this mutation's result type`);
  return failureResult(outcome);
}

@Resolver()
export class PlansResolver {
  constructor(
    private readonly access: PlanAccess,
    private readonly drafting: PlanDraftingService,
    private readonly holders: HoldersService,
    private readonly lifecycle: PlanLifecycleService,
    private readonly signOff: SignOffService,
    private readonly repository: PlansRepository,
  ) {}

  // ---- queries ----

  @SignedIn()
  @Query(() => HolderModel, { description: 'A holder you support, or yourself' })
  async holder(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal) {
    return toHolder(await this.access.holderFor(principal, id));
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
    return toPlan(await this.access.planFor(principal, id));
  }

  @SignedIn()
  @Query(() => [PlanModel], { description: "A holder's plans, newest first" })
  async plansOfHolder(@Args('holderId', { type: () => ID }) holderId: string, @CurrentUser() principal: Principal) {
    await this.access.holderFor(principal, holderId);
    return (await this.repository.plansOfHolder(holderId)).map(toPlan);
  }

  @Roles(...DECIDERS)
  @Query(() => [ApprovalRequestModel], { description: 'Items waiting for your decision' })
  async approvalsInbox(@CurrentUser() principal: Principal): Promise<ApprovalRequestModel[]> {
    const inbox = await this.signOff.approvalsInbox(principal);
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
      await this.holders.createHolder(principal, {
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
    await this.holders.addRepresentative(principal, holderId, userId, relationship);
    return true;
  }

  @Roles(Role.Holder)
  @Mutation(() => Boolean, { description: "Withdraw a carer's or advocate's permission to act for you" })
  async revokeRepresentative(
    @Args('holderId', { type: () => ID }) holderId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @CurrentUser() principal: Principal,
  ) {
    await this.holders.revokeRepresentative(principal, holderId, userId);
    return true;
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => BudgetModel, { description: 'Open the budget for a plan period, with its amount and how it was worked out' })
  async openBudget(@Args('input') input: BudgetInput, @CurrentUser() principal: Principal) {
    const budget = await this.holders.openBudget(principal, input.holderId, { ...input, allocation: Money.ofPence(input.allocationPence) });
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
    return toPlan(await this.drafting.createPlan(principal, holderId, budgetId, referralAt ?? null));
  }

  @Roles(...PLANNERS)
  @Mutation(() => GoalResult.type)
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
    return result(GoalResult, await this.drafting.addGoal(principal, planId, text, baseline ?? null), toGoal);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanItemChangeResult.type)
  async addPlanItem(@Args('input') input: PlanItemInput, @CurrentUser() principal: Principal) {
    return result(PlanItemChangeResult, await this.drafting.addItem(principal, input.planId, input), toItem);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanResult.type)
  async setContingency(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('text', { type: () => String }) text: string,
    @CurrentUser() principal: Principal,
  ) {
    if (text.trim().length < 10 || text.length > 4000)
      throw DomainError.validation([{ field: 'text', message: 'say what should happen, 10 to 4000 characters' }]);
    return result(PlanResult, await this.drafting.setContingency(principal, planId, text), toPlan);
  }

  @Roles(Role.Holder, Role.CarerAdvocate)
  @Mutation(() => PlanResult.type, { description: 'As the holder (or with their consent), agree to the plan as it stands' })
  async agreeToPlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(PlanResult, await this.drafting.agree(principal, planId), toPlan);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanStepResult.type, { description: 'Send the plan for sign-off' })
  async submitPlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(PlanStepResult, await this.drafting.submit(principal, planId), toPlan);
  }

  // ---- sign-off ----

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemApprovalResult.type)
  async approvePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @CurrentUser() principal: Principal,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ) {
    return result(PlanItemApprovalResult, await this.signOff.decide(principal, itemId, DecisionKind.Approve, note ?? null), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemDecisionResult.type, { description: 'Decline, with a plain-language reason the holder will read' })
  async declinePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(PlanItemDecisionResult, await this.signOff.decide(principal, itemId, DecisionKind.Decline, reason), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemDecisionResult.type)
  async requestPlanItemChanges(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(PlanItemDecisionResult, await this.signOff.decide(principal, itemId, DecisionKind.RequestChanges, reason), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemDecisionResult.type, { description: 'Pass the item up to the next sign-off tier' })
  async escalatePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @CurrentUser() principal: Principal,
    @Args('reason', { type: () => String, nullable: true }) reason?: string,
  ) {
    return result(PlanItemDecisionResult, await this.signOff.decide(principal, itemId, DecisionKind.Escalate, reason ?? null), toItem);
  }

  @Roles(Role.Holder, Role.CarerAdvocate)
  @Mutation(() => PlanItemChangeResult.type, { description: 'Appeal a decline; someone other than the decliner decides' })
  async appealPlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(PlanItemChangeResult, await this.signOff.appeal(principal, itemId, reason), toItem);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanItemChangeResult.type)
  async resubmitPlanItem(@Args('itemId', { type: () => ID }) itemId: string, @CurrentUser() principal: Principal) {
    return result(PlanItemChangeResult, await this.signOff.resubmit(principal, itemId), toItem);
  }

  // ---- running the plan ----

  @SignedIn()
  @Mutation(() => SignPlanResult.type, { description: "Sign the plan where the area's policy asks for signatures" })
  async signPlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(SignPlanResult, await this.lifecycle.sign(principal, planId), toPlan);
  }

  @Roles(Role.BrokerStaff, Role.CareCoordinator)
  @Mutation(() => PlanStepResult.type, { description: 'Start an approved plan; schedules start, midpoint and end reviews' })
  async activatePlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(PlanStepResult, await this.lifecycle.activate(principal, planId), toPlan);
  }

  @SignedIn()
  @Mutation(() => PlanResult.type, { description: 'Ask for a rapid review when needs change' })
  async requestRapidReview(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(PlanResult, await this.lifecycle.requestRapidReview(principal, planId, reason), toPlan);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanResult.type)
  async completeReview(
    @Args('reviewId', { type: () => ID }) reviewId: string,
    @Args('outcomes', { type: () => [GoalOutcomeInput] }) outcomes: GoalOutcomeInput[],
    @CurrentUser() principal: Principal,
  ) {
    return result(PlanResult, await this.lifecycle.completeReview(principal, reviewId, outcomes), toPlan);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => BudgetMovementResult.type, {
    description: 'As the broker holding the budget, add money to a plan’s budget, e.g. to scale support up in a crisis',
  })
  async topUpBudget(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('amountPence', { type: () => Int }) amountPence: number,
    @Args('reason', { type: () => String }) reason: string,
    @Args('idempotencyKey', { type: () => String }) idempotencyKey: string,
    @CurrentUser() principal: Principal,
  ) {
    const moved = await this.lifecycle.topUp(principal, planId, Money.ofPence(amountPence), reason, idempotencyKey);
    return result(BudgetMovementResult, moved, toMovement);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PlanResult.type, { description: 'Close the plan: release unspent commitments and reclaim what is left' })
  async closePlan(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return result(PlanResult, await this.lifecycle.close(principal, planId), toPlan);
  }
}

/** A plan's fields, read through the request's loaders (plans.loaders.ts), so a page of them stays a few statements. */
@Resolver(() => PlanModel)
export class PlanFieldsResolver {
  constructor(
    private readonly repository: PlansRepository,
    private readonly signOff: SignOffService,
    private readonly budgets: BudgetsService,
  ) {}

  private loaders(ctx: PlansGraphqlContext) {
    return plansLoaders(ctx, this.repository, this.signOff, this.budgets);
  }

  @ResolveField(() => HolderModel)
  async holder(@Parent() plan: PlanModel, @Context() ctx: PlansGraphqlContext) {
    return toHolder((await this.loaders(ctx).holder.load(plan.holderId))!);
  }

  @ResolveField(() => [GoalModel])
  async goals(@Parent() plan: PlanModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.loaders(ctx).goals.load(plan.id)).map(toGoal);
  }

  @ResolveField(() => [PlanItemModel])
  async items(@Parent() plan: PlanModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.loaders(ctx).items.load(plan.id)).map(toItem);
  }

  @ResolveField(() => [ReviewModel])
  reviews(@Parent() plan: PlanModel, @Context() ctx: PlansGraphqlContext) {
    return this.loaders(ctx).reviews.load(plan.id);
  }

  @ResolveField(() => BudgetModel)
  async budget(@Parent() plan: PlanModel) {
    return { id: plan.budgetId } as BudgetModel;
  }
}

@Resolver(() => BudgetModel)
export class BudgetFieldsResolver {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly repository: PlansRepository,
    private readonly signOff: SignOffService,
  ) {}

  // Every field of one budget, and of every budget on the page, shares one read.
  private async load(budget: BudgetModel, ctx: PlansGraphqlContext) {
    const found = await plansLoaders(ctx, this.repository, this.signOff, this.budgets).budget.load(budget.id);
    if (!found) throw DomainError.notFound('That budget');
    return found;
  }

  @ResolveField(() => BudgetKind)
  async kind(@Parent() budget: BudgetModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.load(budget, ctx)).kind;
  }

  @ResolveField(() => CalendarDateScalar)
  async periodStart(@Parent() budget: BudgetModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.load(budget, ctx)).periodStart;
  }

  @ResolveField(() => CalendarDateScalar)
  async periodEnd(@Parent() budget: BudgetModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.load(budget, ctx)).periodEnd;
  }

  @ResolveField(() => String)
  async allocationNote(@Parent() budget: BudgetModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.load(budget, ctx)).allocationNote;
  }

  @ResolveField(() => Date, { nullable: true })
  async closedAt(@Parent() budget: BudgetModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.load(budget, ctx)).closedAt;
  }

  @ResolveField()
  async allocationLines(@Parent() budget: BudgetModel, @Context() ctx: PlansGraphqlContext) {
    return (await this.load(budget, ctx)).allocationLines.map((l) => ({ label: l.label, amount: MoneyModel.from(Money.ofPence(l.pence)) }));
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
    private readonly signOffs: SignOffService,
    private readonly repository: PlansRepository,
    private readonly budgets: BudgetsService,
  ) {}

  @ResolveField(() => SignOffStateModel)
  signOff(@Parent() item: PlanItemModel, @Context() ctx: PlansGraphqlContext) {
    return plansLoaders(ctx, this.repository, this.signOffs, this.budgets).signOff.load(item.id);
  }

  @ResolveField(() => [DecisionModel])
  decisions(@Parent() item: PlanItemModel, @Context() ctx: PlansGraphqlContext) {
    return plansLoaders(ctx, this.repository, this.signOffs, this.budgets).decisions.load(item.id);
  }
}
