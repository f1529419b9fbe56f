import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { BudgetKind, BudgetsService } from '@kinwell/budgets';
import { DomainError, Money } from '@kinwell/kernel';
import { CalendarDateScalar, MoneyModel } from '@kinwell/kernel/graphql';
import { PlansRepository } from '../plans.repository';
import { SignOffService } from '../sign-off.service';
import {
  BudgetModel,
  DecisionModel,
  GoalModel,
  HolderModel,
  PlanItemModel,
  PlanModel,
  ReviewModel,
  SignOffStateModel,
} from './plans.models';
import { plansLoaders, PlansGraphqlContext } from './plans.loaders';
import { toHolder, toGoal, toItem, toMovement } from './plans.mappers';

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
