import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionHost } from '@kinwell/database';
import { Money } from '@kinwell/kernel';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Budget, BudgetMovement, LedgerEntry } from './budgets.entities';
import { LedgerAccount, LedgerLine } from './domain/ledger';

@Injectable()
export class BudgetsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  insertBudget(budget: Omit<Budget, 'id' | 'createdAt' | 'closedAt'>): Promise<Budget> {
    return this.m.save(Budget, { ...budget, closedAt: null });
  }

  findBudget(id: string): Promise<Budget | null> {
    return this.m.findOne(Budget, { where: { id } });
  }

  findBudgets(ids: readonly string[]): Promise<Budget[]> {
    return ids.length ? this.m.find(Budget, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  budgetsOfHolder(holderId: string): Promise<Budget[]> {
    return this.m.find(Budget, { where: { holderId }, order: { periodStart: 'DESC' } });
  }

  /** Locks the budget row: every movement on one budget happens one at a time. */
  lockBudget(id: string): Promise<Budget | null> {
    return this.m.createQueryBuilder(Budget, 'b').setLock('pessimistic_write').where('b.id = :id', { id }).getOne();
  }

  findMovementByKey(budgetId: string, idempotencyKey: string): Promise<BudgetMovement | null> {
    return this.m.findOne(BudgetMovement, { where: { budgetId, idempotencyKey } });
  }

  async insertMovement(movement: Omit<BudgetMovement, 'id'>, lines: LedgerLine[]): Promise<BudgetMovement> {
    const saved = await this.m.save(BudgetMovement, movement as QueryDeepPartialEntity<BudgetMovement> as BudgetMovement);
    await this.m.insert(
      LedgerEntry,
      lines.map((l) => ({ movementId: saved.id, budgetId: movement.budgetId, account: l.account, amount: Money.ofPence(l.pence) })),
    );
    return saved;
  }

  async accountSums(budgetId: string, referenceId?: string): Promise<Partial<Record<LedgerAccount, number>>> {
    const rows: Array<{ account: LedgerAccount; total: string }> = referenceId
      ? await this.m.query(
          `SELECT e.account, sum(e.amount_pence)::text AS total FROM budget_ledger_entry e JOIN budget_movement m ON m.id = e.movement_id
            WHERE e.budget_id = $1 AND m.reference_id = $2 GROUP BY e.account`,
          [budgetId, referenceId],
        )
      : await this.m.query(
          'SELECT account, sum(amount_pence)::text AS total FROM budget_ledger_entry WHERE budget_id = $1 GROUP BY account',
          [budgetId],
        );
    return Object.fromEntries(rows.map((r) => [r.account, Money.ofPence(r.total).pence]));
  }

  movements(budgetId: string): Promise<BudgetMovement[]> {
    return this.m.find(BudgetMovement, { where: { budgetId }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }

  async closeBudget(id: string, at: Date): Promise<void> {
    await this.m.update(Budget, id, { closedAt: at });
  }
}
