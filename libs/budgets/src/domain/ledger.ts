import { Money } from '@kinwell/kernel';

/** The accounts of one budget. Money flows between them; `funding` is the commissioner's side. */
export enum LedgerAccount {
  Funding = 'funding',
  Available = 'available',
  Committed = 'committed',
  Spent = 'spent',
}

export enum MovementKind {
  Allocation = 'allocation',
  TopUp = 'top_up',
  Commitment = 'commitment',
  Release = 'release',
  Spend = 'spend',
  Refund = 'refund',
  Reclaim = 'reclaim',
}

/** Each movement is one double entry: the amount leaves `from` and arrives in `to`. */
export const MOVEMENT_ACCOUNTS: Record<MovementKind, { from: LedgerAccount; to: LedgerAccount }> = {
  [MovementKind.Allocation]: { from: LedgerAccount.Funding, to: LedgerAccount.Available },
  [MovementKind.TopUp]: { from: LedgerAccount.Funding, to: LedgerAccount.Available },
  [MovementKind.Commitment]: { from: LedgerAccount.Available, to: LedgerAccount.Committed },
  [MovementKind.Release]: { from: LedgerAccount.Committed, to: LedgerAccount.Available },
  [MovementKind.Spend]: { from: LedgerAccount.Committed, to: LedgerAccount.Spent },
  [MovementKind.Refund]: { from: LedgerAccount.Spent, to: LedgerAccount.Available },
  [MovementKind.Reclaim]: { from: LedgerAccount.Available, to: LedgerAccount.Funding },
};

export interface LedgerLine {
  account: LedgerAccount;
  pence: number;
}

/** The two lines of a movement; they always sum to zero. */
export function linesFor(kind: MovementKind, amount: Money): [LedgerLine, LedgerLine] {
  const { from, to } = MOVEMENT_ACCOUNTS[kind];
  return [
    { account: from, pence: -amount.pence },
    { account: to, pence: amount.pence },
  ];
}

export interface Balances {
  /** Everything the commissioner has put in, net of reclaims. */
  allocated: Money;
  available: Money;
  committed: Money;
  spent: Money;
}

/** Balances from account sums; allocated always equals available + committed + spent. */
export function balancesFrom(sums: Partial<Record<LedgerAccount, number>>): Balances {
  return {
    allocated: Money.ofPence(-(sums[LedgerAccount.Funding] ?? 0)),
    available: Money.ofPence(sums[LedgerAccount.Available] ?? 0),
    committed: Money.ofPence(sums[LedgerAccount.Committed] ?? 0),
    spent: Money.ofPence(sums[LedgerAccount.Spent] ?? 0),
  };
}

/** Which account a movement draws on, and so must hold enough: null when it draws on funding. */
export function drawsOn(kind: MovementKind): LedgerAccount | null {
  const { from } = MOVEMENT_ACCOUNTS[kind];
  return from === LedgerAccount.Funding ? null : from;
}
