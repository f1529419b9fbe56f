import { MoneyModel } from '@kinwell/kernel/graphql';
import { SpendException, SpendRecovery } from '../reconciliation.entities';
import { Statement } from '../reconciliation.service';
import { SpendExceptionModel, SpendRecoveryModel, StatementModel } from './reconciliation.models';

export const toException = (e: SpendException): SpendExceptionModel =>
  Object.assign(new SpendExceptionModel(), {
    id: e.id,
    kind: e.kind,
    detail: e.detail,
    spendRef: e.spendRef,
    status: e.status,
    resolution: e.resolution,
    note: e.note,
    planId: e.planId,
  });
export const toRecovery = (r: SpendRecovery): SpendRecoveryModel =>
  Object.assign(new SpendRecoveryModel(), {
    id: r.id,
    exceptionId: r.exceptionId,
    owed: MoneyModel.from(r.owed),
    owedBy: r.owedBy,
    status: r.status,
    settledNote: r.settledNote,
  });
export const toStatement = (s: Statement): StatementModel => ({
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
