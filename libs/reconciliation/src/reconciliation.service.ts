import { Notifications } from '@kinwell/notifications';
import { Injectable } from '@nestjs/common';
import { BudgetsService, isMovementFailure, MovementKind } from '@kinwell/budgets';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, isUuid, Money, newId, parseCalendarDate, RECEIPT_DUE_DAYS } from '@kinwell/kernel';
import { Principal, Role } from '@kinwell/identity';
import { PurchasingService } from '@kinwell/payments';
import { ItemStatus, PlanAccess, PlanLookup, SupportPlan } from '@kinwell/plans';
import { DeclinedAttempt, reconcile, SpendKind, SpendLine } from './domain/reconcile';
import { FileStorage, MAX_RECEIPT_BYTES, receiptType } from './file-storage';
import {
  ExceptionResolution,
  ExceptionStatus,
  OwedBy,
  Receipt,
  RecoveryStatus,
  ReportedSpend,
  SpendException,
  SpendRecovery,
  StatementPeriod,
} from './reconciliation.entities';
import { ReconciliationRepository } from './reconciliation.repository';
import { ExceptionAlreadyResolved } from './reconciliation.errors';

export interface GoalLine {
  goalId: string;
  goal: string;
  committed: Money;
  spent: Money;
}

export interface Statement {
  planId: string;
  periodStart: string;
  periodEnd: string;
  closedThrough: string | null;
  allocated: Money;
  committed: Money;
  spent: Money;
  available: Money;
  goals: GoalLine[];
  openExceptions: SpendException[];
  summary: string;
}

/**
 * Ties every pound spent to a plan item and its goals, keeps the list of things a broker must
 * check, and writes statements a holder can read. The matching itself is the pure `reconcile`.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: ReconciliationRepository,
    private readonly access: PlanAccess,
    private readonly plans: PlanLookup,
    private readonly budgets: BudgetsService,
    private readonly purchasing: PurchasingService,
    private readonly storage: FileStorage,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly notifications: Notifications,
  ) {}

  /**
   * Re-runs matching for a plan: replaces its goal matches, adds new exceptions, keeps resolved ones.
   * Runs when spend is posted (SPEND_POSTED) and from the daily receipt sweep, never on a read; one
   * run per plan at a time, so concurrent runs cannot count a payment twice.
   */
  async reconcilePlan(planId: string): Promise<void> {
    await this.tx.run(async () => {
      await this.repository.lockPlan(planId);
      const plan = (await this.plans.findPlan(planId))!;
      const budget = (await this.budgets.findBudget(plan.budgetId))!;
      const items = (await this.plans.items(plan.id)).filter((i) => i.status === ItemStatus.Approved);
      const closed = await this.repository.closedThrough(plan.id);
      const result = reconcile(
        {
          periodStart: budget.periodStart,
          periodEnd: budget.periodEnd,
          closedThrough: closed,
          items: items.map((i) => ({ id: i.id, approvedPence: i.total.pence, goalIds: i.goalIds, expectedCategories: [] })),
        },
        await this.spendLines(plan),
        await this.declinedAttempts(plan),
        { now: this.clock.now(), receiptDueDays: RECEIPT_DUE_DAYS },
        (await this.purchasing.unpostedCardMoney(plan.id)).map((u) => ({
          id: `card_txn:${u.issuerTransactionId}`,
          kind: u.kind,
          amountPence: u.amount.pence,
          postedPence: u.posted.pence,
          merchantName: u.merchantName,
        })),
      );
      await this.repository.replaceGoalMatches(plan.id, result.matches);
      await this.repository.closeExceptionsNotIn(plan.id, result.exceptions, this.clock.now());
      const raised = await this.repository.upsertExceptions(plan.id, result.exceptions);
      if (raised.length) {
        const holder = await this.plans.findHolder(plan.holderId);
        const staff = holder ? await this.notifications.staffOf([holder.brokerOrganisationId], [Role.BrokerStaff]) : [];
        for (const e of raised)
          await this.notifications.tell(
            staff,
            { key: 'exception.raised', params: { reason: e.detail }, link: `/broker/exceptions/${e.id}` },
            { dedupeKey: `exception:${e.id}`, brokerOrganisationId: holder?.brokerOrganisationId },
          );
      }
    });
  }

  async statement(principal: Principal, planId: string): Promise<Statement> {
    const plan = await this.access.planFor(principal, planId, 'read');
    return this.buildStatement(plan);
  }

  /**
   * Resolves an exception with a note. Recovering raises what is owed (how much, and by whom) in the
   * same transaction, to follow until it comes back or is written off; accepting and reclassifying
   * record the decision.
   */
  async resolveException(
    principal: Principal,
    exceptionId: string,
    resolution: ExceptionResolution,
    note: string,
    recovery?: { amount: Money | null; owedBy: OwedBy | null },
  ): Promise<SpendException | ExceptionAlreadyResolved> {
    if (!isUuid(exceptionId)) throw DomainError.validation([{ field: 'exceptionId', message: 'must be a UUID' }]);
    if (note.trim().length < 5) throw DomainError.validation([{ field: 'note', message: 'say what was decided and why' }]);
    return this.tx.run(async () => {
      const exception = await this.repository.lockedException(exceptionId);
      if (!exception) throw DomainError.notFound('That exception');
      const plan = await this.brokerFor(principal, exception.planId);
      if (exception.status === ExceptionStatus.Resolved) return new ExceptionAlreadyResolved();
      const now = this.clock.now();
      if (resolution === ExceptionResolution.Recover) {
        const problems = [
          ...(recovery?.amount && recovery.amount.isPositive() ? [] : [{ field: 'amount', message: 'say how much is owed back' }]),
          ...(recovery?.owedBy ? [] : [{ field: 'owedBy', message: 'say who owes it' }]),
        ];
        const spent = (await this.budgets.balances(plan.budgetId)).spent;
        if (recovery?.amount && recovery.amount.pence > spent.pence)
          problems.push({ field: 'amount', message: `cannot be more than was spent from this budget (${spent.format()})` });
        if (problems.length) throw DomainError.validation(problems);
        await this.repository.saveRecovery({
          planId: plan.id,
          budgetId: plan.budgetId,
          exceptionId: exception.id,
          owed: recovery!.amount!,
          owedBy: recovery!.owedBy!,
          status: RecoveryStatus.Owed,
          raisedBy: principal.userId,
          raisedAt: now,
          settledBy: null,
          settledAt: null,
          settledNote: null,
        });
      }
      const changes = {
        status: ExceptionStatus.Resolved,
        resolution,
        note: note.trim(),
        resolvedBy: principal.userId,
        resolvedAt: now,
      };
      await this.repository.updateException(exception.id, changes);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'reconciliation.exception_resolved',
        subject: { type: 'spend_exception', id: exception.id },
        reason: note.trim(),
        change: {
          kind: exception.kind,
          resolution,
          ...(resolution === ExceptionResolution.Recover ? { owedPence: recovery!.amount!.pence, owedBy: recovery!.owedBy } : {}),
        },
      });
      return { ...exception, ...changes };
    });
  }

  /**
   * The money owed comes back (a refund into the budget, once, however often this is sent) or is
   * written off with a reason; either way the recovery is settled and audited.
   */
  async settleRecovery(
    principal: Principal,
    recoveryId: string,
    outcome: 'recovered' | 'written_off',
    note: string,
  ): Promise<SpendRecovery> {
    if (!isUuid(recoveryId)) throw DomainError.notFound('That recovery');
    if (note.trim().length < 3)
      throw DomainError.validation([
        { field: 'note', message: outcome === 'recovered' ? 'give the payment reference' : 'say why it is written off' },
      ]);
    return this.tx.run(async () => {
      const recovery = await this.repository.lockedRecovery(recoveryId);
      if (!recovery) throw DomainError.notFound('That recovery');
      await this.brokerFor(principal, recovery.planId);
      if (recovery.status !== RecoveryStatus.Owed)
        throw DomainError.validation([{ field: 'note', message: `this money is already ${recovery.status.replace('_', ' ')}` }]);
      if (outcome === 'recovered') {
        const moved = await this.budgets.move({
          budgetId: recovery.budgetId,
          kind: MovementKind.Refund,
          amount: recovery.owed,
          idempotencyKey: `recovery:${recovery.id}`,
          actor: principal.auditActor,
          note: `Recovered: ${note.trim()}`,
        });
        if (isMovementFailure(moved)) throw DomainError.validation([{ field: 'note', message: moved.message }]);
      }
      const changes = {
        status: outcome === 'recovered' ? RecoveryStatus.Recovered : RecoveryStatus.WrittenOff,
        settledBy: principal.userId,
        settledAt: this.clock.now(),
        settledNote: note.trim(),
      };
      await this.repository.updateRecovery(recovery.id, changes);
      await this.audit.record({
        actor: principal.auditActor,
        action: `reconciliation.recovery_${outcome}`,
        subject: { type: 'spend_recovery', id: recovery.id },
        reason: note.trim(),
        change: { owedPence: recovery.owed.pence },
      });
      return { ...recovery, ...changes };
    });
  }

  /** What waits for the broker's check across every plan they hold, oldest first. */
  exceptionsQueue(principal: Principal) {
    return this.repository.openExceptionsOfBrokers(principal.organisationsWith(Role.BrokerStaff));
  }

  /** One exception, for the broker who holds its plan. */
  async exception(principal: Principal, exceptionId: string): Promise<SpendException> {
    const exception = isUuid(exceptionId) ? await this.repository.findException(exceptionId) : null;
    if (!exception) throw DomainError.notFound('That exception');
    await this.brokerFor(principal, exception.planId);
    return exception;
  }

  /** What is owed back on a plan, and what came back. */
  async recoveries(principal: Principal, planId: string): Promise<SpendRecovery[]> {
    const plan = await this.access.planFor(principal, planId, 'read');
    return this.repository.recoveries(plan.id);
  }

  /** Closes a statement period: its figures are kept; anything later dated into it becomes a correction. */
  async closePeriod(principal: Principal, planId: string, periodEnd: string): Promise<StatementPeriod> {
    if (!parseCalendarDate(periodEnd)) throw DomainError.validation([{ field: 'periodEnd', message: 'must be a date, YYYY-MM-DD' }]);
    const plan = await this.brokerFor(principal, planId);
    return this.tx.run(async () => {
      const last = await this.repository.closedThrough(plan.id);
      const budget = (await this.budgets.findBudget(plan.budgetId))!;
      const periodStart = last ? new Date(Date.parse(last) + 86_400_000).toISOString().slice(0, 10) : budget.periodStart;
      if (periodEnd < periodStart)
        throw DomainError.validation([{ field: 'periodEnd', message: `must be on or after ${periodStart}, the start of the open period` }]);
      if (periodEnd >= this.clock.now().toISOString().slice(0, 10))
        throw DomainError.validation([{ field: 'periodEnd', message: 'a period can be closed only once it has ended' }]);
      const statement = await this.buildStatement(plan);
      const saved = await this.repository.savePeriod({
        planId: plan.id,
        periodStart,
        periodEnd,
        closedBy: principal.userId,
        closedAt: this.clock.now(),
        snapshot: serialise(statement),
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'reconciliation.period_closed',
        subject: { type: 'support_plan', id: plan.id },
        change: { periodStart, periodEnd, spentPence: statement.spent.pence },
      });
      // What was dated inside the period is now a correction: reconcile again once the close is committed.
      this.tx.afterCommit(() => this.reconcilePlan(plan.id));
      return saved;
    });
  }

  async closedPeriods(principal: Principal, planId: string): Promise<StatementPeriod[]> {
    const plan = await this.access.planFor(principal, planId, 'read');
    return this.repository.periods(plan.id);
  }

  /** Stores a receipt (PDF, JPEG, PNG or HEIC, checked by content, at most 5 MB) against a spend, by someone who works on the plan. */
  async attachReceipt(principal: Principal, planId: string, spendRef: string, content: Buffer): Promise<Receipt> {
    const plan = await this.access.planFor(principal, planId, 'plan');
    if (content.length === 0 || content.length > MAX_RECEIPT_BYTES)
      throw DomainError.validation([{ field: 'content', message: 'a receipt must be between 1 byte and 5 MB' }]);
    const type = receiptType(content);
    if (!type) throw DomainError.validation([{ field: 'content', message: 'a receipt must be a PDF, or a JPEG, PNG or HEIC photo' }]);
    if (!(await this.repository.isSpendOf(plan.budgetId, spendRef)))
      throw DomainError.validation([{ field: 'spendRef', message: "must be a payment from this plan's budget" }]);
    // The file is stored before the transaction opens: no call to the store while a transaction is held.
    const key = `receipts/${plan.id}/${newId()}`;
    await this.storage.put(key, content, type);
    return this.tx.run(async () => {
      const receipt = await this.repository.saveReceipt({
        planId: plan.id,
        spendRef,
        contentType: type,
        sizeBytes: content.length,
        storageKey: key,
        uploadedBy: principal.userId,
        uploadedAt: this.clock.now(),
      });
      await this.repository.resolveMissingReceipt(plan.id, spendRef, principal.userId, this.clock.now());
      await this.audit.record({
        actor: principal.auditActor,
        action: 'reconciliation.receipt_attached',
        subject: { type: 'budget_movement', id: spendRef },
        change: { receiptId: receipt.id, contentType: type, sizeBytes: content.length },
      });
      return receipt;
    });
  }

  /** For each goal: where it started, its ratings at each review, and the money that served it. */
  async reviewPack(
    principal: Principal,
    planId: string,
  ): Promise<
    Array<{ goal: string; baseline: number | null; ratings: Array<{ review: string; dueOn: string; rating: number | null }>; spent: Money }>
  > {
    const plan = await this.access.planFor(principal, planId, 'read');
    const [goals, reviews] = await Promise.all([this.plans.goals(plan.id), this.plans.reviews(plan.id)]);
    const spent = await this.repository.spentByGoal(plan.id);
    return goals.map((g) => ({
      goal: g.text,
      baseline: g.baseline,
      ratings: reviews.map((r) => ({ review: r.kind, dueOn: r.dueOn, rating: r.outcomes?.find((o) => o.goalId === g.id)?.rating ?? null })),
      spent: spent.get(g.id) ?? Money.ZERO,
    }));
  }

  /** The holder (or someone acting for them) says what a direct payment was spent on. */
  async reportDirectPaymentSpend(
    principal: Principal,
    input: { planId: string; itemId: string; amount: Money; merchantName: string; occurredOn: string },
  ): Promise<ReportedSpend> {
    const plan = await this.access.planFor(principal, input.planId, 'read');
    const holder = (await this.plans.findHolder(plan.holderId))!;
    const speaksForHolder = await this.access.allows(principal, holder, 'speak_for_holder');
    if (!speaksForHolder && !principal.isMemberOf(holder.brokerOrganisationId, Role.BrokerStaff))
      throw DomainError.forbidden('Only the holder, someone acting for them, or their broker can report this');
    const problems = [];
    if (!input.amount.isPositive() || input.amount.pence > 10_000_000)
      problems.push({ field: 'amountPence', message: 'must be more than £0.00 and at most £100,000.00' });
    if (!input.merchantName.trim() || input.merchantName.length > 200)
      problems.push({ field: 'merchantName', message: 'say where it was bought (up to 200 characters)' });
    if (!parseCalendarDate(input.occurredOn) || input.occurredOn > this.clock.now().toISOString().slice(0, 10)) {
      problems.push({ field: 'occurredOn', message: 'must be a date (YYYY-MM-DD), not in the future' });
    }
    if (problems.length) throw DomainError.validation(problems);
    return this.tx.run(async () => {
      if (!(await this.repository.isPaidDirectly(plan.id, input.itemId)))
        throw DomainError.validation([{ field: 'itemId', message: 'must be an item paid to the holder as a direct payment' }]);
      const saved = await this.repository.saveReportedSpend({
        planId: plan.id,
        itemId: input.itemId,
        amount: input.amount,
        merchantName: input.merchantName.trim(),
        occurredOn: input.occurredOn,
        reportedBy: principal.userId,
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'reconciliation.direct_payment_spend_reported',
        subject: { type: 'plan_item', id: input.itemId },
        change: { pence: input.amount.pence, merchant: input.merchantName.trim() },
      });
      // The report is the payment's evidence: reconcile again once it is committed.
      this.tx.afterCommit(() => this.reconcilePlan(plan.id));
      return saved;
    });
  }

  private async brokerFor(principal: Principal, planId: string): Promise<SupportPlan> {
    const plan = await this.access.planFor(principal, planId, 'read');
    const holder = (await this.plans.findHolder(plan.holderId))!;
    principal.assertMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
    return plan;
  }

  private async buildStatement(plan: SupportPlan): Promise<Statement> {
    const budget = (await this.budgets.findBudget(plan.budgetId))!;
    const balances = await this.budgets.balances(plan.budgetId);
    const goals = await this.plans.goals(plan.id);
    const spentByGoal = await this.repository.spentByGoal(plan.id);
    const committedByGoal = new Map<string, Money>();
    for (const item of (await this.plans.items(plan.id)).filter((i) => i.status === ItemStatus.Approved)) {
      const committed = await this.budgets.committedFor(plan.budgetId, item.id);
      if (!committed.isPositive() || !item.goalIds.length) continue;
      committed
        .allocate(item.goalIds.map(() => 1))
        .forEach((part, i) => committedByGoal.set(item.goalIds[i], (committedByGoal.get(item.goalIds[i]) ?? Money.ZERO).add(part)));
    }
    const closed = await this.repository.closedThrough(plan.id);
    const openExceptions = await this.repository.openExceptions(plan.id);
    const goalLines = goals.map((g) => ({
      goalId: g.id,
      goal: g.text,
      committed: committedByGoal.get(g.id) ?? Money.ZERO,
      spent: spentByGoal.get(g.id) ?? Money.ZERO,
    }));
    const things =
      openExceptions.length === 0
        ? 'Nothing needs checking.'
        : `${openExceptions.length} thing${openExceptions.length === 1 ? '' : 's'} to check.`;
    return {
      planId: plan.id,
      periodStart: budget.periodStart,
      periodEnd: budget.periodEnd,
      closedThrough: closed,
      allocated: balances.allocated,
      committed: balances.committed,
      spent: balances.spent,
      available: balances.available,
      goals: goalLines,
      openExceptions,
      summary: `${balances.allocated.format()} allocated. ${balances.spent.format()} spent, ${balances.committed.format()} set aside for approved items not yet paid, and ${balances.available.format()} left to plan. ${things}`,
    };
  }

  private async spendLines(plan: SupportPlan): Promise<SpendLine[]> {
    const rows = await this.repository.spendRows(plan.budgetId);
    return rows.map((r) => {
      const kind: SpendKind =
        r.kind === 'refund'
          ? 'refund'
          : r.txn
            ? 'capture'
            : r.method === 'invoice'
              ? 'invoice'
              : r.method === 'direct_payment'
                ? 'direct_payment'
                : 'reported';
      return {
        id: r.id,
        eventId: r.txn ?? r.key,
        kind,
        itemId: r.item_id,
        amountPence: Number(r.pence),
        currency: 'GBP',
        occurredAt: new Date(r.occurred_at).toISOString(),
        merchantName: r.merchant ?? (kind === 'invoice' ? 'Provider invoice' : 'Payment'),
        merchantCategory: r.category,
        inDirectory: r.offering_id !== null,
        // Invoices are evidenced by the invoice itself; refunds need no receipt.
        receiptAttached: r.receipt || kind === 'invoice' || kind === 'refund',
      };
    });
  }

  private async declinedAttempts(plan: SupportPlan): Promise<DeclinedAttempt[]> {
    const rows = await this.repository.blockedAttempts(plan.id);
    return rows.map((r) => ({ id: r.id, itemId: r.item_id, merchantCategory: r.category, reason: r.reason }));
  }
}

/** Plain JSON for the closed-period snapshot; Money becomes { pence, currency }. */
function serialise(statement: Statement): Record<string, unknown> {
  return JSON.parse(JSON.stringify(statement));
}
