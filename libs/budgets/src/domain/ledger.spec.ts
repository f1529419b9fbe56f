import { Money } from '@kinwell/kernel';
import { balancesFrom, drawsOn, LedgerAccount, linesFor, MOVEMENT_ACCOUNTS, MovementKind } from './ledger';

describe('ledger', () => {
  it.each(Object.values(MovementKind))('%s is a balanced double entry between two different accounts', (kind) => {
    const [a, b] = linesFor(kind, Money.ofPence(1234));
    expect(a.pence + b.pence).toBe(0);
    expect(a.account).not.toBe(b.account);
  });

  it('keeps allocated = available + committed + spent through any sequence of movements', () => {
    const sums: Partial<Record<LedgerAccount, number>> = {};
    const apply = (kind: MovementKind, pence: number) => {
      for (const line of linesFor(kind, Money.ofPence(pence))) sums[line.account] = (sums[line.account] ?? 0) + line.pence;
      const b = balancesFrom(sums);
      expect(b.available.add(b.committed).add(b.spent).pence).toBe(b.allocated.pence);
    };
    apply(MovementKind.Allocation, 100_000);
    apply(MovementKind.Commitment, 20_000);
    apply(MovementKind.Spend, 15_000);
    apply(MovementKind.Release, 5_000);
    apply(MovementKind.Refund, 2_500);
    apply(MovementKind.TopUp, 10_000);
    apply(MovementKind.Reclaim, 30_000);
    expect(balancesFrom(sums)).toEqual({
      allocated: Money.ofPence(80_000),
      available: Money.ofPence(67_500),
      committed: Money.ofPence(0),
      spent: Money.ofPence(12_500),
    });
  });

  it.each<[MovementKind, LedgerAccount | null]>([
    [MovementKind.Allocation, null],
    [MovementKind.TopUp, null],
    [MovementKind.Commitment, LedgerAccount.Available],
    [MovementKind.Release, LedgerAccount.Committed],
    [MovementKind.Spend, LedgerAccount.Committed],
    [MovementKind.Refund, LedgerAccount.Spent],
    [MovementKind.Reclaim, LedgerAccount.Available],
  ])('%s draws on %s', (kind, account) => {
    expect(drawsOn(kind)).toBe(account);
    expect(Object.keys(MOVEMENT_ACCOUNTS)).toContain(kind);
  });
});
