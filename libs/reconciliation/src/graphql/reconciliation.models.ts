import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CalendarDateScalar, errorResultType, MoneyModel } from '@kinwell/kernel/graphql';
import { ExceptionResolution, ExceptionStatus, OwedBy, RecoveryStatus } from '../reconciliation.entities';

registerEnumType(ExceptionResolution, { name: 'ExceptionResolution' });
registerEnumType(ExceptionStatus, { name: 'ExceptionStatus' });
registerEnumType(OwedBy, { name: 'OwedBy' });
registerEnumType(RecoveryStatus, { name: 'RecoveryStatus' });

@ObjectType('SpendRecovery', { description: 'Money a broker is getting back after an exception, until it comes back or is written off' })
export class SpendRecoveryModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) exceptionId!: string;
  @Field(() => MoneyModel) owed!: MoneyModel;
  @Field(() => OwedBy) owedBy!: OwedBy;
  @Field(() => RecoveryStatus) status!: RecoveryStatus;
  @Field(() => String, { nullable: true }) settledNote!: string | null;
}

@ObjectType('SpendException')
export class SpendExceptionModel {
  @Field(() => ID) id!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { description: 'In plain English' }) detail!: string;
  @Field(() => String) spendRef!: string;
  @Field(() => ExceptionStatus) status!: ExceptionStatus;
  @Field(() => ExceptionResolution, { nullable: true }) resolution!: ExceptionResolution | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => ID, { description: 'The plan it is about' }) planId!: string;
}

@ObjectType('GoalStatementLine')
export class GoalLineModel {
  @Field(() => ID) goalId!: string;
  @Field(() => String) goal!: string;
  @Field(() => MoneyModel) committed!: MoneyModel;
  @Field(() => MoneyModel) spent!: MoneyModel;
}

@ObjectType('PlanStatement')
export class StatementModel {
  @Field(() => CalendarDateScalar) periodStart!: string;
  @Field(() => CalendarDateScalar) periodEnd!: string;
  @Field(() => String, { nullable: true, description: 'The end of the last closed period' }) closedThrough!: string | null;
  @Field(() => MoneyModel) allocated!: MoneyModel;
  @Field(() => MoneyModel) committed!: MoneyModel;
  @Field(() => MoneyModel) spent!: MoneyModel;
  @Field(() => MoneyModel) available!: MoneyModel;
  @Field(() => [GoalLineModel]) goals!: GoalLineModel[];
  @Field(() => [SpendExceptionModel]) openExceptions!: SpendExceptionModel[];
  @Field(() => String) summary!: string;
}

@ObjectType('ClosedPeriod')
export class ClosedPeriodModel {
  @Field(() => CalendarDateScalar) periodStart!: string;
  @Field(() => CalendarDateScalar) periodEnd!: string;
  @Field(() => Date) closedAt!: Date;
}

@ObjectType('ReviewRating')
export class ReviewRatingModel {
  @Field(() => String) review!: string;
  @Field(() => CalendarDateScalar) dueOn!: string;
  @Field(() => Int, { nullable: true }) rating!: number | null;
}

@ObjectType('ReviewPackGoal', { description: 'A goal, its ratings at each review, and the spend that served it' })
export class ReviewPackGoalModel {
  @Field(() => String) goal!: string;
  @Field(() => Int, { nullable: true }) baseline!: number | null;
  @Field(() => [ReviewRatingModel]) ratings!: ReviewRatingModel[];
  @Field(() => MoneyModel) spent!: MoneyModel;
}

export const ExceptionAlreadyResolvedError = errorResultType(
  'ExceptionAlreadyResolvedError',
  'ALREADY_RESOLVED',
  'Someone has resolved the exception already',
);
export const SpendExceptionResult = createUnionType({
  name: 'SpendExceptionResult',
  types: () => [SpendExceptionModel, ExceptionAlreadyResolvedError] as const,
});
