import { Args, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { Money } from '@kinwell/kernel';
import { PlanLifecycleService } from '../plan-lifecycle.service';
import { BudgetMovementResult, PlanResult, PlanStepResult, SignPlanResult } from './plans.models';
import { GoalOutcomeInput } from './plans.inputs';
import { PLANNERS, toPlan, toMovement, result } from './plans.mappers';

/** Running an agreed plan: signatures, start, reviews, top-ups, closing. */
@Resolver()
export class PlanLifecycleResolver {
  constructor(private readonly lifecycle: PlanLifecycleService) {}

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
