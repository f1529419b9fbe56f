import { reconcile } from './reconcile';
import { OPTIONS, PLAN, spend } from './fixtures';

describe('reconcile: split across goals', () => {
  it('splits an item serving three goals to the penny, the parts summing exactly', () => {
    const result = reconcile(PLAN, [spend({ itemId: 'course', amountPence: 10_000 })], [], OPTIONS);
    expect(result.matches.map((m) => [m.goalId, m.pence])).toEqual([
      ['college', 3_334],
      ['fitness', 3_333],
      ['confidence', 3_333],
    ]);
    expect(result.matches.reduce((s, m) => s + m.pence, 0)).toBe(10_000);
  });

  it('keeps every goal split exact over many odd amounts', () => {
    const spends = Array.from({ length: 50 }, (_, i) =>
      spend({ itemId: 'course', amountPence: 1 + i * 37, occurredAt: `2027-02-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` }),
    );
    const result = reconcile(
      { ...PLAN, items: PLAN.items.map((i) => (i.id === 'course' ? { ...i, approvedPence: 1_000_000 } : i)) },
      spends,
      [],
      OPTIONS,
    );
    const total = spends.reduce((s, x) => s + x.amountPence, 0);
    expect(Object.values(result.goalSpent).reduce((a, b) => a + b, 0)).toBe(total);
  });
});
