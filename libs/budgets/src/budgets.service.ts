import { Injectable } from '@nestjs/common';
import { AuditActor, AuditLog, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, Money } from '@kinwell/kernel';
import { AllocationLine, Budget, BudgetKind, BudgetMovement } from './budgets.entities';
import { BudgetsRepository } from './budgets.repository';
import { isMovementFailure, MovementFailure } from './budgets.errors';
import { Balances, balancesFrom, drawsOn, LedgerAccount, linesFor, MovementKind } from './domain/ledger';

// £1,000,000: no single personal health budget movement comes near it; a guard against slipped digits.
export const MAX_MOVEMENT_PENCE = 100_000_000;

export interface MovementRequest {
  budgetId: string;
  kind: MovementKind;
  amount: Money;
  /** Replaying the same key returns the original movement and moves nothing. */
  idempotencyKey: string;
  reference?: { type: string; id: string };
  note?: string | null;
  actor: AuditActor;
}

export interface NewBudget {
  holderId: string;
  commissionerId: string;
  heldByOrganisationId: string | null;
  kind: BudgetKind;
  periodStart: string;
  periodEnd: string;
  allocation: Money;
  allocationNote: string;
  allocationLines: AllocationLine[];
}

/**
 * The budget ledger. Every movement runs in the caller's transaction with the budget row
 * locked, is idempotent on its key, checks funds on the account it draws from (per
 * reference where it has one), writes two balanced lines and an audit entry.
 */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly repository: BudgetsRepository,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Opens a budget with its allocation, known (and explained) before planning starts. */
  async open(actor: AuditActor, input: NewBudget): Promise<Budget> {
    assertAmount(input.allocation, 'allocation');
    if (input.periodEnd <= input.periodStart)
      throw DomainError.validation([{ field: 'periodEnd', message: 'must be after the start of the period' }]);
    if (input.allocationLines.length) {
      const lines = Money.sum(input.allocationLines.map((l) => Money.ofPence(l.pence)));
      if (!lines.equals(input.allocation)) {
        throw DomainError.validation([
          { field: 'allocationLines', message: `must add up to the allocation (${input.allocation.format()}), not ${lines.format()}` },
        ]);
      }
    }
    return this.tx.run(async () => {
      const { allocation, ...rest } = input;
      const budget = await this.repository.insertBudget(rest);
      await this.audit.record({
        actor,
        action: 'budget.opened',
        subject: { type: 'budget', id: budget.id },
        reason: input.allocationNote,
        change: { allocationPence: allocation.pence, kind: input.kind },
      });
      const moved = await this.move({
        budgetId: budget.id,
        kind: MovementKind.Allocation,
        amount: allocation,
        idempotencyKey: 'allocation',
        actor,
        note: input.allocationNote,
      });
      if (isMovementFailure(moved)) throw new DomainError('INTERNAL', moved.message);
      return budget;
    });
  }

  async move(request: MovementRequest): Promise<BudgetMovement | MovementFailure> {
    assertAmount(request.amount, 'amount');
    if (!request.idempotencyKey || request.idempotencyKey.length > 200) {
      throw DomainError.validation([{ field: 'idempotencyKey', message: 'must be 1 to 200 characters' }]);
    }
    return this.tx.run(async () => {
      const budget = await this.repository.lockBudget(request.budgetId);
      if (!budget) throw DomainError.notFound('That budget');
      const existing = await this.repository.findMovementByKey(budget.id, request.idempotencyKey);
      if (existing) {
        const same =
          existing.kind === request.kind &&
          existing.amount.equals(request.amount) &&
          existing.referenceId === (request.reference?.id ?? null);
        if (!same) throw new DomainError('CONFLICT', 'That idempotency key was already used for a different movement');
        return existing;
      }
      if (budget.closedAt && request.kind !== MovementKind.Reclaim)
        return { kind: 'budget_closed', message: 'This budget is closed; corrections go into the next period' };
      const from = drawsOn(request.kind);
      if (from) {
        // Releases, spends and refunds must be covered by what was committed or spent for the same reference.
        const perReference = from !== LedgerAccount.Available && request.reference;
        const sums = await this.repository.accountSums(budget.id, perReference ? request.reference!.id : undefined);
        const held = Money.ofPence(sums[from] ?? 0);
        if (held.lessThan(request.amount)) {
          return {
            kind: 'insufficient_funds',
            available: held,
            requested: request.amount,
            message: `Only ${held.format()} is ${from === LedgerAccount.Available ? 'available' : from} here, less than ${request.amount.format()}`,
          };
        }
      }
      const movement = await this.repository.insertMovement(
        {
          budgetId: budget.id,
          kind: request.kind,
          amount: request.amount,
          idempotencyKey: request.idempotencyKey,
          referenceType: request.reference?.type ?? null,
          referenceId: request.reference?.id ?? null,
          actorUserId: request.actor.userId,
          actorLabel: request.actor.label,
          note: request.note ?? null,
          occurredAt: this.clock.now(),
        },
        linesFor(request.kind, request.amount),
      );
      await this.audit.record({
        actor: request.actor,
        action: `budget.${request.kind}`,
        subject: { type: 'budget', id: budget.id },
        reason: request.note ?? null,
        change: { movementId: movement.id, amountPence: request.amount.pence, reference: request.reference ?? null },
      });
      return movement;
    });
  }

  /**
   * Commits as much of the amount as is available, and nothing when nothing is: for an optional
   * extra such as a card's tolerance. Idempotent on its key like every movement.
   */
  async commitUpTo(request: Omit<MovementRequest, 'kind'>): Promise<Money> {
    return this.tx.run(async () => {
      const budget = await this.repository.lockBudget(request.budgetId);
      if (!budget) throw DomainError.notFound('That budget');
      const existing = await this.repository.findMovementByKey(budget.id, request.idempotencyKey);
      if (existing) return existing.amount;
      const available = Money.ofPence((await this.repository.accountSums(budget.id))[LedgerAccount.Available] ?? 0);
      const amount = available.lessThan(request.amount) ? available : request.amount;
      if (!amount.isPositive() || budget.closedAt) return Money.ZERO;
      const moved = await this.move({ ...request, kind: MovementKind.Commitment, amount });
      return isMovementFailure(moved) ? Money.ZERO : moved.amount;
    });
  }

  async balances(budgetId: string): Promise<Balances> {
    return balancesFrom(await this.repository.accountSums(budgetId));
  }

  async committedFor(budgetId: string, referenceId: string): Promise<Money> {
    return Money.ofPence((await this.repository.accountSums(budgetId, referenceId))[LedgerAccount.Committed] ?? 0);
  }

  async spentFor(budgetId: string, referenceId: string): Promise<Money> {
    return Money.ofPence((await this.repository.accountSums(budgetId, referenceId))[LedgerAccount.Spent] ?? 0);
  }

  movements(budgetId: string): Promise<BudgetMovement[]> {
    return this.repository.movements(budgetId);
  }

  findBudgets(ids: readonly string[]): Promise<Budget[]> {
    return this.repository.findBudgets(ids);
  }

  budgetsOfHolder(holderId: string): Promise<Budget[]> {
    return this.repository.budgetsOfHolder(holderId);
  }

  findBudget(id: string): Promise<Budget | null> {
    return this.repository.findBudget(id);
  }

  /** Ends the period: whatever is still available goes back to the commissioner. */
  async close(actor: AuditActor, budgetId: string): Promise<Balances> {
    return this.tx.run(async () => {
      const budget = await this.repository.lockBudget(budgetId);
      if (!budget) throw DomainError.notFound('That budget');
      const { available } = await this.balances(budgetId);
      if (available.isPositive()) {
        await this.move({
          budgetId,
          kind: MovementKind.Reclaim,
          amount: available,
          idempotencyKey: 'close:reclaim',
          actor,
          note: 'Unspent at the end of the plan period',
        });
      }
      if (!budget.closedAt) await this.repository.closeBudget(budgetId, this.clock.now());
      await this.audit.record({
        actor,
        action: 'budget.closed',
        subject: { type: 'budget', id: budgetId },
        change: { reclaimedPence: available.pence },
      });
      return this.balances(budgetId);
    });
  }
}

function assertAmount(amount: Money, field: string): void {
  if (!amount.isPositive() || amount.pence > MAX_MOVEMENT_PENCE) {
    throw DomainError.validation([{ field, message: `must be more than £0.00 and at most ${Money.ofPence(MAX_MOVEMENT_PENCE).format()}` }]);
  }
}
