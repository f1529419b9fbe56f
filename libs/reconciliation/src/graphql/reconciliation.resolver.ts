import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { CalendarDateScalar, MoneyModel } from '@kinwell/kernel/graphql';
import { ExceptionResolution } from '../reconciliation.entities';
import { ExceptionAlreadyResolved } from '../reconciliation.errors';
import { ReconciliationService } from '../reconciliation.service';
import {
  ClosedPeriodModel,
  ExceptionAlreadyResolvedError,
  NotificationModel,
  ReviewPackGoalModel,
  SpendExceptionResult,
  StatementModel,
} from './reconciliation.models';
import { toException, toStatement } from './reconciliation.mappers';

@Resolver()
export class ReconciliationResolver {
  constructor(private readonly reconciliation: ReconciliationService) {}

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
    return this.reconciliation.myNotifications(principal);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => SpendExceptionResult, { description: 'Resolve an exception with a note: accept it, recover the money, or reclassify' })
  async resolveSpendException(
    @Args('exceptionId', { type: () => ID }) exceptionId: string,
    @Args('resolution', { type: () => ExceptionResolution }) resolution: ExceptionResolution,
    @Args('note', { type: () => String }) note: string,
    @CurrentUser() principal: Principal,
  ) {
    const resolved = await this.reconciliation.resolveException(principal, exceptionId, resolution, note);
    return resolved instanceof ExceptionAlreadyResolved
      ? Object.assign(new ExceptionAlreadyResolvedError(), { message: resolved.message })
      : toException(resolved);
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
      'Attach a small receipt (PDF, JPEG, PNG or HEIC, base64) to a payment. Requests are limited to 100 KB; upload photos and larger files with POST /plans/{planId}/receipts (multipart, up to 5 MB)',
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
