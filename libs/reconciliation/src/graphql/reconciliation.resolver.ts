import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles, SignedIn } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { CalendarDateScalar, MoneyModel } from '@kinwell/kernel/graphql';
import { ExceptionResolution, OwedBy } from '../reconciliation.entities';
import { ExceptionAlreadyResolved } from '../reconciliation.errors';
import { ReconciliationService } from '../reconciliation.service';
import {
  ClosedPeriodModel,
  ExceptionAlreadyResolvedError,
  ReviewPackGoalModel,
  SpendExceptionModel,
  SpendExceptionResult,
  SpendRecoveryModel,
  StatementModel,
} from './reconciliation.models';
import { toException, toRecovery, toStatement } from './reconciliation.mappers';

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

  @Roles(Role.BrokerStaff)
  @Mutation(() => SpendExceptionResult, { description: 'Resolve an exception with a note: accept it, recover the money, or reclassify' })
  async resolveSpendException(
    @Args('exceptionId', { type: () => ID }) exceptionId: string,
    @Args('resolution', { type: () => ExceptionResolution }) resolution: ExceptionResolution,
    @Args('note', { type: () => String }) note: string,
    @CurrentUser() principal: Principal,
    @Args('owedPence', { type: () => Int, nullable: true, description: 'To recover: how much is owed back' }) owedPence?: number,
    @Args('owedBy', { type: () => OwedBy, nullable: true, description: 'To recover: who owes it' }) owedBy?: OwedBy,
  ) {
    const resolved = await this.reconciliation.resolveException(principal, exceptionId, resolution, note, {
      amount: owedPence == null ? null : Money.ofPence(owedPence),
      owedBy: owedBy ?? null,
    });
    return resolved instanceof ExceptionAlreadyResolved
      ? Object.assign(new ExceptionAlreadyResolvedError(), { message: resolved.message })
      : toException(resolved);
  }

  @Roles(Role.BrokerStaff)
  @Query(() => [SpendExceptionModel], { description: 'Open exceptions across the plans your organisation holds, oldest first' })
  async openSpendExceptions(@CurrentUser() principal: Principal) {
    return (await this.reconciliation.exceptionsQueue(principal)).map(toException);
  }

  @SignedIn()
  @Query(() => [SpendRecoveryModel], { description: 'Money being got back on a plan, and what came back' })
  async spendRecoveries(@Args('planId', { type: () => ID }) planId: string, @CurrentUser() principal: Principal) {
    return (await this.reconciliation.recoveries(principal, planId)).map(toRecovery);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => SpendRecoveryModel, { description: 'The owed money came back (into the budget), or is written off with a reason' })
  async settleSpendRecovery(
    @Args('recoveryId', { type: () => ID }) recoveryId: string,
    @Args('recovered', { type: () => Boolean, description: 'true: it came back; false: written off' }) recovered: boolean,
    @Args('note', { type: () => String }) note: string,
    @CurrentUser() principal: Principal,
  ) {
    return toRecovery(await this.reconciliation.settleRecovery(principal, recoveryId, recovered ? 'recovered' : 'written_off', note));
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
