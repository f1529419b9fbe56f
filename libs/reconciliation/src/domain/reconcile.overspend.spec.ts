import { reconcile } from './reconcile';
import { OPTIONS, PLAN, spend } from './fixtures';

describe('reconcile: overspend', () => {
  it('flags the spend that takes an item above its approved amount, and still counts it', () => {
    const result = reconcile(
      PLAN,
      [
        spend({ amountPence: 25_000, occurredAt: '2027-02-01T10:00:00Z' }),
        spend({ amountPence: 6_000, occurredAt: '2027-02-02T10:00:00Z' }),
      ],
      [],
      OPTIONS,
    );
    expect(result.exceptions).toEqual([
      {
        spendId: expect.any(String),
        kind: 'over_approved_amount',
        detail: 'Brings spend on this item to £310.00, above the approved £300.00',
      },
    ]);
    expect(result.itemSpent.gym).toBe(31_000);
  });
});
