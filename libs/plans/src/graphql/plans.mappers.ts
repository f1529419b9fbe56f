import { BudgetMovement, isMovementFailure, MovementFailure } from '@kinwell/budgets';
import { Role } from '@kinwell/identity';
import { ErrorResult, MoneyModel } from '@kinwell/kernel/graphql';
import { isPlanFailure, PlanFailure } from '../plans.errors';
import { Holder, PlanGoal, PlanItem, SupportPlan } from '../plans.entities';
import { FAILURE_TYPES, GoalModel, HolderModel, MovementModel, PlanItemModel, PlanModel, ResultUnion } from './plans.models';

export const PLANNERS = [Role.Holder, Role.CarerAdvocate, Role.BrokerStaff, Role.CareCoordinator];
export const DECIDERS = [Role.CareCoordinator, Role.TeamLead, Role.PhbLead, Role.PanelMember, Role.Commissioner, Role.BrokerStaff];

export const toHolder = (h: Holder): HolderModel => ({
  id: h.id,
  preferredName: h.preferredName,
  pronouns: h.pronouns,
  languages: h.languages,
  communities: h.communities,
  postcodeDistrict: h.postcodeDistrict,
});
export const toGoal = (g: PlanGoal): GoalModel => Object.assign(new GoalModel(), { id: g.id, text: g.text, baseline: g.baseline });
export const toItem = (i: PlanItem): PlanItemModel =>
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
export const toPlan = (p: SupportPlan): PlanModel =>
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
export const toMovement = (m: BudgetMovement): MovementModel =>
  Object.assign(new MovementModel(), {
    id: m.id,
    kind: m.kind,
    amount: MoneyModel.from(m.amount),
    occurredAt: m.occurredAt,
    note: m.note,
    referenceId: m.referenceId,
  });

/** A business failure as its GraphQL error, with the figures the service computed. */
export function failureResult(f: PlanFailure | MovementFailure): ErrorResult {
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
export function result<T, M>(union: ResultUnion, outcome: T | PlanFailure | MovementFailure, map: (value: T) => M) {
  if (!isPlanFailure(outcome) && !isMovementFailure(outcome)) return map(outcome);
  if (!union.kinds.includes(outcome.kind)) throw new Error(`A ${outcome.kind} failure is not in this mutation's result type`);
  return failureResult(outcome);
}
