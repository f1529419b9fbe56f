import { Budget, BudgetMovement, LedgerEntry } from './budgets.entities';

export * from './domain/ledger';
export * from './budgets.entities';
export * from './budgets.errors';
export * from './budgets.repository';
export * from './budgets.service';
export * from './budgets.module';

export const BUDGET_ENTITIES = [Budget, BudgetMovement, LedgerEntry];
