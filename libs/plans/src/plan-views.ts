import { Injectable } from '@nestjs/common';
import { Balances, Budget, BudgetsService } from '@kinwell/budgets';
import { Organisation, Principal } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { PlanAccess } from './plan-access';
import { SignOffState } from './plan-steps';
import {
  Holder,
  HolderRepresentative,
  ItemStatus,
  PlanGoal,
  PlanItem,
  PlanReview,
  PlanStatus,
  SignOffDecision,
  SupportPlan,
} from './plans.entities';
import { PlansRepository } from './plans.repository';
import { SignOffService } from './sign-off.service';

export interface PlanItemView {
  item: PlanItem;
  signOff: SignOffState | null;
  decisions: SignOffDecision[];
  goals: PlanGoal[];
}

export interface BudgetView {
  budget: Budget;
  balances: Balances;
  /** What the plan's items ask for, declined ones aside. */
  planned: Money;
  /** What is still free to ask for: the allocation less what is planned (or, if more, what is spent and held). */
  left: Money;
}

/** Everything a plan's page shows, read in a fixed number of statements however many items it has. */
export interface PlanView {
  plan: SupportPlan;
  holder: Holder;
  /** The signed-in person is the holder themself. */
  isHolder: boolean;
  /** The signed-in person acts for the holder with their consent. */
  isRepresentative: boolean;
  goals: PlanGoal[];
  items: PlanItemView[];
  reviews: PlanReview[];
  budget: BudgetView;
  broker: Organisation | null;
  clinicalTeam: Organisation | null;
}

/** A holder's record as the people supporting them read it: who may act for them, their budgets and plans. */
export interface HolderView {
  holder: Holder;
  hasAccount: boolean;
  representatives: RepresentativeView[];
  budgets: Array<{ budget: Budget; balances: Balances }>;
  plans: SupportPlan[];
  broker: Organisation | null;
  clinicalTeam: Organisation | null;
}

export interface RepresentativeView {
  representative: HolderRepresentative;
  name: string;
}

const PLANNED = [ItemStatus.Draft, ItemStatus.Pending, ItemStatus.ChangesRequested, ItemStatus.Approved];

/**
 * Plans as people read them on the web (and as the API can): one query service, so a page and a resolver
 * compose the same reads under the same access checks.
 */
@Injectable()
export class PlanViews {
  constructor(
    private readonly repository: PlansRepository,
    private readonly access: PlanAccess,
    private readonly signOff: SignOffService,
    private readonly budgets: BudgetsService,
  ) {}

  async plan(principal: Principal, planId: string): Promise<PlanView> {
    const plan = await this.access.planFor(principal, planId);
    const holder = (await this.repository.findHolder(plan.holderId))!;
    const [goals, items, reviews, budget, organisations, representatives] = await Promise.all([
      this.repository.goals(plan.id),
      this.repository.items(plan.id),
      this.repository.reviews(plan.id),
      this.budget(plan.budgetId, plan.id),
      this.repository.findOrganisations([holder.brokerOrganisationId, holder.clinicalTeamId].filter((id): id is string => !!id)),
      this.repository.activeRepresentatives(holder.id),
    ]);
    const [states, decisions] = await Promise.all([
      this.signOff.signOffStates(items),
      this.repository.decisionsOfItems(items.map((i) => i.id)),
    ]);
    const byId = new Map(organisations.map((o) => [o.id, o]));
    return {
      plan,
      holder,
      isHolder: holder.userId === principal.userId,
      isRepresentative: representatives.some((r) => r.userId === principal.userId),
      goals,
      items: items.map((item, i) => ({
        item,
        signOff: states[i] ?? null,
        decisions: decisions.filter((d) => d.itemId === item.id),
        goals: goals.filter((g) => item.goalIds.includes(g.id)),
      })),
      reviews,
      budget: this.withItems(budget, items),
      broker: byId.get(holder.brokerOrganisationId) ?? null,
      clinicalTeam: holder.clinicalTeamId ? (byId.get(holder.clinicalTeamId) ?? null) : null,
    };
  }

  /** A holder's page, for someone who may see the holder. */
  async holder(principal: Principal, holderId: string): Promise<HolderView> {
    const holder = await this.access.holderFor(principal, holderId);
    const [representatives, budgets, plans, organisations] = await Promise.all([
      this.representatives(principal, holderId),
      this.budgets.budgetsOfHolder(holderId),
      this.repository.plansOfHolder(holderId),
      this.repository.findOrganisations([holder.brokerOrganisationId, holder.clinicalTeamId].filter((id): id is string => !!id)),
    ]);
    const byId = new Map(organisations.map((o) => [o.id, o]));
    return {
      holder,
      hasAccount: !!holder.userId,
      representatives,
      budgets: await Promise.all(budgets.map(async (budget) => ({ budget, balances: await this.budgets.balances(budget.id) }))),
      plans,
      broker: byId.get(holder.brokerOrganisationId) ?? null,
      clinicalTeam: holder.clinicalTeamId ? (byId.get(holder.clinicalTeamId) ?? null) : null,
    };
  }

  /** The signed-in person's own record and plans (newest first), if they hold a budget. */
  async mine(principal: Principal): Promise<{ holder: Holder; plans: SupportPlan[] } | null> {
    const holder = await this.repository.findHolderByUser(principal.userId);
    return holder ? { holder, plans: await this.repository.plansOfHolder(holder.id) } : null;
  }

  /** The plan people mean by "my plan": the newest that is not closed. */
  current(plans: readonly SupportPlan[]): SupportPlan | null {
    return plans.find((p) => p.status !== PlanStatus.Closed) ?? null;
  }

  /** The people a carer or advocate supports, while each one's consent stands, with their current plan. */
  async supporting(
    principal: Principal,
  ): Promise<Array<{ holder: Holder; representative: HolderRepresentative; plan: SupportPlan | null }>> {
    const representing = await this.repository.representing(principal.userId);
    const holders = await this.repository.findHolders(representing.map((r) => r.holderId));
    return Promise.all(
      representing.flatMap((representative) => {
        const holder = holders.find((h) => h.id === representative.holderId);
        if (!holder) return [];
        return [this.repository.plansOfHolder(holder.id).then((plans) => ({ holder, representative, plan: this.current(plans) }))];
      }),
    );
  }

  /** Who may act for the holder; only the holder themself, or someone who may see them, reads it. */
  async representatives(principal: Principal, holderId: string): Promise<RepresentativeView[]> {
    await this.access.holderFor(principal, holderId);
    const representatives = await this.repository.activeRepresentatives(holderId);
    const names = await this.repository.userNames(representatives.map((r) => r.userId));
    return representatives.map((representative) => ({ representative, name: names.get(representative.userId) ?? '' }));
  }

  /** One goal or item of a plan the person may see. */
  async item(principal: Principal, planId: string, itemId: string): Promise<{ view: PlanView; item: PlanItemView }> {
    const view = await this.plan(principal, planId);
    const item = view.items.find((i) => i.item.id === itemId);
    if (!item) throw DomainError.notFound('That item');
    return { view, item };
  }

  private async budget(budgetId: string, planId: string): Promise<{ budget: Budget; balances: Balances }> {
    const [budget, balances] = await Promise.all([this.budgets.findBudget(budgetId), this.budgets.balances(budgetId)]);
    if (!budget) throw DomainError.notFound(`The budget of plan ${planId}`);
    return { budget, balances };
  }

  private withItems(budget: { budget: Budget; balances: Balances }, items: readonly PlanItem[]): BudgetView {
    const planned = Money.sum(items.filter((i) => PLANNED.includes(i.status)).map((i) => i.total));
    const used = budget.balances.spent.add(budget.balances.committed);
    const taken = planned.pence > used.pence ? planned : used;
    const left = budget.balances.allocated.subtract(taken);
    return { ...budget, planned, left: left.pence > 0 ? left : Money.ZERO };
  }
}
