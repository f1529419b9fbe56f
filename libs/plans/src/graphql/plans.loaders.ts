import { Budget, BudgetsService } from '@kinwell/budgets';
import { byKeys, groupByKeys, requestLoader } from '@kinwell/kernel/graphql';
import { Holder, PlanGoal, PlanItem, PlanReview, SignOffDecision } from '../plans.entities';
import { PlansRepository } from '../plans.repository';
import { SignOffState } from '../plan-steps';
import { SignOffService } from '../sign-off.service';

export interface PlansGraphqlContext {
  loaders?: Map<string, never>;
}

/**
 * Per-request batched reads for a plan's fields: however many items a plan has (or however many
 * plans a page shows), each kind of row is one statement. Never cached across requests.
 */
export function plansLoaders(context: PlansGraphqlContext, repository: PlansRepository, signOff: SignOffService, budgets: BudgetsService) {
  return {
    holder: requestLoader<string, Holder | null>(context, 'plans.holder', async (ids) =>
      byKeys(ids, await repository.findHolders(ids), (h) => h.id),
    ),
    goals: requestLoader<string, PlanGoal[]>(context, 'plans.goalsOfPlan', async (ids) =>
      groupByKeys(ids, await repository.goalsOfPlans(ids), (g) => g.planId),
    ),
    items: requestLoader<string, PlanItem[]>(context, 'plans.itemsOfPlan', async (ids) =>
      groupByKeys(ids, await repository.itemsOfPlans(ids), (i) => i.planId),
    ),
    reviews: requestLoader<string, PlanReview[]>(context, 'plans.reviewsOfPlan', async (ids) =>
      groupByKeys(ids, await repository.reviewsOfPlans(ids), (r) => r.planId),
    ),
    decisions: requestLoader<string, SignOffDecision[]>(context, 'plans.decisionsOfItem', async (ids) =>
      groupByKeys(ids, await repository.decisionsOfItems(ids), (d) => d.itemId),
    ),
    signOff: requestLoader<string, SignOffState | null>(context, 'plans.signOffOfItem', async (ids) => {
      const items = await repository.findItems(ids);
      const states = await signOff.signOffStates(items);
      return byKeys(
        ids,
        items.map((item, i) => ({ id: item.id, state: states[i] })),
        (s) => s.id,
      ).map((s) => s?.state ?? null);
    }),
    budget: requestLoader<string, Budget | null>(context, 'budgets.budget', async (ids) =>
      byKeys(ids, await budgets.findBudgets(ids), (b) => b.id),
    ),
  };
}
