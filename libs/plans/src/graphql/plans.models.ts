import { Type } from '@nestjs/common';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BudgetKind, MovementKind } from '@kinwell/budgets';
import type { MovementFailure } from '@kinwell/budgets';
import { CalendarDateScalar, ErrorResult, errorResultType, FailureUnion, failureUnion, MoneyModel } from '@kinwell/kernel/graphql';
import { Role } from '@kinwell/identity';
import { DecisionKind, ItemStatus, PlanStatus, RepresentativeRelationship, ReviewKind } from '../plans.entities';
import type { PlanFailure } from '../plans.errors';

registerEnumType(BudgetKind, { name: 'BudgetKind' });
registerEnumType(MovementKind, { name: 'MovementKind' });
registerEnumType(PlanStatus, { name: 'PlanStatus' });
registerEnumType(ItemStatus, { name: 'PlanItemStatus' });
registerEnumType(DecisionKind, { name: 'SignOffDecisionKind' });
registerEnumType(ReviewKind, { name: 'ReviewKind' });
registerEnumType(RepresentativeRelationship, { name: 'RepresentativeRelationship' });

// £1,000,000 in pence: above any personal health budget; refuses slipped digits.

@ObjectType('Holder', { description: 'A budget holder, known by the name they prefer' })
export class HolderModel {
  @Field(() => ID) id!: string;
  @Field(() => String) preferredName!: string;
  @Field(() => String, { nullable: true }) pronouns!: string | null;
  @Field(() => [String]) languages!: string[];
  @Field(() => [String], { description: 'Self-declared, kept only with consent for equity reporting' }) communities!: string[];
  @Field(() => String, { nullable: true }) postcodeDistrict!: string | null;
}

@ObjectType('BudgetBalances', { description: 'Always derived from the ledger: allocated = available + committed + spent' })
export class BalancesModel {
  @Field(() => MoneyModel) allocated!: MoneyModel;
  @Field(() => MoneyModel) available!: MoneyModel;
  @Field(() => MoneyModel) committed!: MoneyModel;
  @Field(() => MoneyModel) spent!: MoneyModel;
}

@ObjectType('AllocationLine')
export class AllocationLineModel {
  @Field(() => String) label!: string;
  @Field(() => MoneyModel) amount!: MoneyModel;
}

@ObjectType('BudgetMovement')
export class MovementModel {
  @Field(() => ID) id!: string;
  @Field(() => MovementKind) kind!: MovementKind;
  @Field(() => MoneyModel) amount!: MoneyModel;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => ID, { nullable: true, description: 'The plan item the money is for' }) referenceId!: string | null;
}

@ObjectType('Budget')
export class BudgetModel {
  @Field(() => ID) id!: string;
  @Field(() => BudgetKind) kind!: BudgetKind;
  @Field(() => CalendarDateScalar) periodStart!: string;
  @Field(() => CalendarDateScalar) periodEnd!: string;
  @Field(() => String, { description: 'How the amount was worked out, in plain words' }) allocationNote!: string;
  @Field(() => [AllocationLineModel]) allocationLines!: AllocationLineModel[];
  @Field(() => BalancesModel) balances!: BalancesModel;
  @Field(() => [MovementModel]) ledger!: MovementModel[];
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
}

@ObjectType('Goal')
export class GoalModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "In the holder's own words" }) text!: string;
  @Field(() => Int, { nullable: true, description: 'Where things stood at the start, 0 to 10' }) baseline!: number | null;
}

@ObjectType('SignOffRequirement')
export class RequirementModel {
  @Field(() => String) label!: string;
  @Field(() => Int) needed!: number;
  @Field(() => Int) have!: number;
}

@ObjectType('SignOffState')
export class SignOffStateModel {
  @Field(() => String) tier!: string;
  @Field(() => Boolean) satisfied!: boolean;
  @Field(() => [RequirementModel]) requirements!: RequirementModel[];
  @Field(() => [String], { description: 'What is still needed, in plain words' }) stillNeeded!: string[];
}

@ObjectType('SignOffDecision')
export class DecisionModel {
  @Field(() => DecisionKind) decision!: DecisionKind;
  @Field(() => Role) actingRole!: Role;
  @Field(() => Int) round!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Date) decidedAt!: Date;
}

@ObjectType('PlanItem')
export class PlanItemModel {
  @Field(() => ID) id!: string;
  planId!: string;
  @Field(() => ID, { nullable: true }) offeringId!: string | null;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) supplier!: string | null;
  @Field(() => Int) quantity!: number;
  @Field(() => MoneyModel) unitPrice!: MoneyModel;
  @Field(() => MoneyModel) total!: MoneyModel;
  @Field(() => [ID]) goalIds!: string[];
  @Field(() => ItemStatus) status!: ItemStatus;
  @Field(() => Int) round!: number;
  @Field(() => String, { nullable: true, description: 'Why it was declined or what should change, in plain language' }) decisionReason!:
    string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
}

@ObjectType('PlanReview')
export class ReviewModel {
  @Field(() => ID) id!: string;
  @Field(() => ReviewKind) kind!: ReviewKind;
  @Field(() => CalendarDateScalar) dueOn!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}

@ObjectType('PlanTimeline', { description: 'So delays can be seen and measured, per case' })
export class TimelineModel {
  @Field(() => Date) referralAt!: Date;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => Date, { nullable: true }) firstDecisionAt!: Date | null;
  @Field(() => Date, { nullable: true }) firstPaymentAt!: Date | null;
  @Field(() => Date, { nullable: true }) activatedAt!: Date | null;
}

@ObjectType('SupportPlan')
export class PlanModel {
  @Field(() => ID) id!: string;
  holderId!: string;
  budgetId!: string;
  @Field(() => PlanStatus) status!: PlanStatus;
  @Field(() => String, { nullable: true, description: 'What should happen if the holder is too unwell to manage the budget' })
  contingency!: string | null;
  @Field(() => Date, { nullable: true }) holderAgreedAt!: Date | null;
  @Field(() => TimelineModel) timeline!: TimelineModel;
}

@ObjectType('ApprovalRequest', { description: 'An item waiting for your decision' })
export class ApprovalRequestModel {
  @Field(() => PlanItemModel) item!: PlanItemModel;
  @Field(() => String, { description: 'A pseudonymous reference, never a name' }) caseReference!: string;
  @Field(() => [String], { description: "The goals the item serves, in the holder's words" }) goals!: string[];
  @Field(() => SignOffStateModel) signOff!: SignOffStateModel;
}

// ---- errors ------------------------------------------------------------------------------

@ObjectType('InsufficientFundsError', { implements: () => [ErrorResult], description: 'Not enough money left in the budget' })
export class InsufficientFundsError implements ErrorResult {
  @Field(() => String) errorCode = 'INSUFFICIENT_FUNDS';
  @Field(() => String) message!: string;
  @Field(() => MoneyModel, { description: 'What the budget has available' }) available!: MoneyModel;
  @Field(() => MoneyModel, { description: 'What this step needed' }) requested!: MoneyModel;
}

@ObjectType('QuorumNotMetError', { implements: () => [ErrorResult], description: 'Something still needed before this step' })
export class QuorumNotMetError implements ErrorResult {
  @Field(() => String) errorCode = 'QUORUM_NOT_MET';
  @Field(() => String) message!: string;
  @Field(() => [String], { description: 'What is still missing: the signatures or agreement the step waits for' }) missing!: string[];
}

export const NotAuthorisedToApproveError = errorResultType('NotAuthorisedToApproveError', 'NOT_AUTHORISED_TO_APPROVE');
export const AuthorCannotApproveError = errorResultType('AuthorCannotApproveError', 'AUTHOR_CANNOT_APPROVE');
export const AlreadyDecidedError = errorResultType('AlreadyDecidedError', 'ALREADY_DECIDED');
export const PlanStateError = errorResultType('PlanStateError', 'WRONG_STATE', 'The plan or item is not in a state that allows this');

/** Every business failure of plans and budgets, and the one GraphQL error type each becomes. */
export type FailureKind = PlanFailure['kind'] | MovementFailure['kind'];
export const FAILURE_TYPES: Record<FailureKind, new () => ErrorResult> = {
  insufficient_funds: InsufficientFundsError,
  not_authorised_to_approve: NotAuthorisedToApproveError,
  author_cannot_approve: AuthorCannotApproveError,
  already_decided: AlreadyDecidedError,
  quorum_not_met: QuorumNotMetError,
  wrong_state: PlanStateError,
  budget_closed: PlanStateError,
};

export type ResultUnion = FailureUnion<FailureKind>;
const resultUnion = (name: string, success: () => Type<unknown>, kinds: readonly FailureKind[], description?: string) =>
  failureUnion(FAILURE_TYPES, name, success, kinds, description);

const DECISION_FAILURES = ['not_authorised_to_approve', 'author_cannot_approve', 'already_decided', 'wrong_state'] as const;

export const GoalResult = resultUnion('GoalResult', () => GoalModel, ['wrong_state']);
export const PlanItemChangeResult = resultUnion(
  'PlanItemChangeResult',
  () => PlanItemModel,
  ['wrong_state'],
  'Adding, resubmitting or appealing an item',
);
export const PlanItemApprovalResult = resultUnion('PlanItemApprovalResult', () => PlanItemModel, [
  'insufficient_funds',
  ...DECISION_FAILURES,
]);
export const PlanItemDecisionResult = resultUnion(
  'PlanItemDecisionResult',
  () => PlanItemModel,
  DECISION_FAILURES,
  'Declining, asking for changes or escalating',
);
export const PanelDecisionResult = resultUnion(
  'PanelDecisionResult',
  () => PlanItemModel,
  ['insufficient_funds', 'quorum_not_met', 'wrong_state'],
  "A panel's decision at its meeting",
);
export const PlanResult = resultUnion('PlanResult', () => PlanModel, ['wrong_state']);
export const PlanStepResult = resultUnion(
  'PlanStepResult',
  () => PlanModel,
  ['quorum_not_met', 'wrong_state'],
  'Submitting or starting a plan',
);
export const SignPlanResult = resultUnion('SignPlanResult', () => PlanModel, ['not_authorised_to_approve']);
export const BudgetMovementResult = resultUnion('BudgetMovementResult', () => MovementModel, ['budget_closed']);
