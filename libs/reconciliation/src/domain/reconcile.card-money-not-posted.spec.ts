import { reconcile } from './reconcile';
import { OPTIONS, PLAN } from './fixtures';

describe('reconcile: card money the ledger could not take', () => {
  it('raises a capture beyond what was committed, and a refund beyond what was spent, each for a person to resolve', () => {
    const result = reconcile(PLAN, [], [], OPTIONS, [
      { id: 'card_txn:ipi_1', kind: 'capture', amountPence: 9_000, postedPence: 2_500, merchantName: 'Gym shop' },
      { id: 'card_txn:ipi_2', kind: 'refund', amountPence: 4_000, postedPence: 0, merchantName: 'Gym shop' },
    ]);
    expect(result.exceptions).toEqual([
      { spendId: 'card_txn:ipi_1', kind: 'capture_not_covered', detail: expect.stringContaining('£65.00 more than was set aside') },
      { spendId: 'card_txn:ipi_2', kind: 'refund_not_covered', detail: expect.stringContaining('£40.00 more than was spent') },
    ]);
    expect(result.matches).toEqual([]);
  });
});
