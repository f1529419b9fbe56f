import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { PlanAccess } from '../plan-access';
import { PlanDraftingService } from '../plan-drafting.service';
import { GoalResult, PlanItemChangeResult, PlanModel, PlanResult, PlanStepResult } from './plans.models';
import { PlanItemInput } from './plans.inputs';
import { PLANNERS, toGoal, toItem, toPlan, result } from './plans.mappers';

/** Reading and building plans with the holder. */
@Resolver()
export class PlanDraftingResolver {
  constructor(
    private readonly access: PlanAccess,
    private readonly drafting: PlanDraftingService,
  ) {}

  @SignedIn()
  @Query(() => PlanModel)
  async plan(@Args('id', { type: () => ID }) id: string, @CurrentUser() principal: Principal) {
    return toPlan(await this.access.planFor(principal, id));
  }

  @SignedIn()
  @Query(() => [PlanModel], { description: "A holder's plans, newest first" })
  async plansOfHolder(@Args('holderId', { type: () => ID }) holderId: string, @CurrentUser() principal: Principal) {
    return (await this.drafting.plansOf(principal, holderId)).map(toPlan);
  }

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
}
