import { Module } from '@nestjs/common';
import { Args, Field, ID, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { TransactionHost } from '@kinwell/database';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { CalendarDateScalar, MoneyModel } from '@kinwell/kernel/graphql';
import { ExceptionResolution, ExceptionStatus, Notification, SpendException } from '../reconciliation.entities';
import { ReconciliationModule } from '../reconciliation.module';
import { ReconciliationService, Statement } from '../reconciliation.service';

registerEnumType(ExceptionResolution, { name: 'ExceptionResolution' });
registerEnumType(ExceptionStatus, { name: 'ExceptionStatus' });

@ObjectType('SpendException')
export class SpendExceptionModel {
  @Field(() => ID) id!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { description: 'In plain English' }) detail!: string;
  @Field(() => String) spendRef!: string;
  @Field(() => ExceptionStatus) status!: ExceptionStatus;
  @Field(() => ExceptionResolution, { nullable: true }) resolution!: ExceptionResolution | null;
  @Field(() => String, { nullable: true }) note!: string | null;
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

@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID) id!: string;
  @Field(() => String) subject!: string;
  @Field(() => String) body!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) readAt!: Date | null;
}

const toException = (e: SpendException): SpendExceptionModel => ({
  id: e.id,
  kind: e.kind,
  detail: e.detail,
  spendRef: e.spendRef,
  status: e.status,
  resolution: e.resolution,
  note: e.note,
});
const toStatement = (s: Statement): StatementModel => ({
  periodStart: s.periodStart,
  periodEnd: s.periodEnd,
  closedThrough: s.closedThrough,
  allocated: MoneyModel.from(s.allocated),
  committed: MoneyModel.from(s.committed),
  spent: MoneyModel.from(s.spent),
  available: MoneyModel.from(s.available),
  goals: s.goals.map((g) => ({ goalId: g.goalId, goal: g.goal, committed: MoneyModel.from(g.committed), spent: MoneyModel.from(g.spent) })),
  openExceptions: s.openExceptions.map(toException),
  summary: s.summary,
});

@Resolver()
export class ReconciliationResolver {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly tx: TransactionHost,
  ) {}

  private get notifications() {
    return this.tx.manager.getRepository(Notification);
  }

  @SignedIn()
  @Query(() => StatementModel, { description: 'Where the budget went, by goal, in plain English (reconciled on request)' })
  async planStatement(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return toStatement(await this.reconciliation.statement(principal, planId));
  }

  @SignedIn()
  @Query(() => [ClosedPeriodModel])
  closedStatementPeriods(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return this.reconciliation.closedPeriods(principal, planId);
  }

  @SignedIn()
  @Query(() => [ReviewPackGoalModel])
  async reviewPack(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return (await this.reconciliation.reviewPack(principal, planId)).map((g) => ({ ...g, spent: MoneyModel.from(g.spent) }));
  }

  @SignedIn()
  @Query(() => [NotificationModel], { description: 'Your messages, newest first' })
  myNotifications(@CurrentUser() principal: Principal) {
    return this.notifications.find({ where: { userId: principal.userId }, order: { createdAt: 'DESC' }, take: 50 });
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => SpendExceptionModel, { description: 'Resolve an exception with a note: accept it, recover the money, or reclassify' })
  async resolveSpendException(
    @Args('exceptionId', { type: () => ID }) exceptionId: string,
    @Args('resolution', { type: () => ExceptionResolution }) resolution: ExceptionResolution,
    @Args('note', { type: () => String }) note: string,
    @CurrentUser() principal: Principal,
  ) {
    return toException(await this.reconciliation.resolveException(principal, exceptionId, resolution, note));
  }

  @SignedIn()
  @Mutation(() => ID, {
    description: 'On a direct payment: report what it was spent on (the holder, someone acting for them, or the broker)',
  })
  async reportDirectPaymentSpend(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('amountPence', { type: () => Int }) amountPence: number,
    @Args('merchantName', { type: () => String }) merchantName: string,
    @Args('occurredOn', { type: () => CalendarDateScalar }) occurredOn: string,
    @CurrentUser() principal: Principal,
  ) {
    return (
      await this.reconciliation.reportDirectPaymentSpend(principal, {
        planId,
        itemId,
        amount: Money.ofPence(amountPence),
        merchantName,
        occurredOn,
      })
    ).id;
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => ClosedPeriodModel, { description: 'Close the statement period ending on this date; it is then locked' })
  closeStatementPeriod(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('periodEnd', { type: () => CalendarDateScalar }) periodEnd: string,
    @CurrentUser() principal: Principal,
  ) {
    return this.reconciliation.closePeriod(principal, planId, periodEnd);
  }

  @SignedIn()
  @Mutation(() => ID, {
    description:
      'Attach a small receipt (PDF, JPEG or PNG, base64) to a payment. Requests are limited to 100 KB; upload photos and larger files with POST /plans/{planId}/receipts (multipart, up to 5 MB)',
  })
  async attachReceipt(
    @Args('planId', { type: () => ID }) planId: string,
    @Args('spendRef', { type: () => String }) spendRef: string,
    @Args('contentBase64', { type: () => String }) contentBase64: string,
    @CurrentUser() principal: Principal,
  ) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64))
      throw DomainError.validation([{ field: 'contentBase64', message: 'must be base64' }]);
    return (await this.reconciliation.attachReceipt(principal, planId, spendRef, Buffer.from(contentBase64, 'base64'))).id;
  }
}

@Module({ imports: [ReconciliationModule], providers: [ReconciliationResolver] })
export class ReconciliationGraphqlModule {}
