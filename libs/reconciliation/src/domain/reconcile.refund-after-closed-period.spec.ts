import { reconcile } from './reconcile';
import { OPTIONS, PLAN, spend } from './fixtures';

describe('reconcile: refund after a closed period', () => {
  const closed = { ...PLAN, closedThrough: '2027-01-31' };

  it('counts a late refund of an earlier capture in the open period, marked as a correction', () => {
    const capture = spend({ amountPence: 20_000, occurredAt: '2027-01-10T10:00:00Z' });
    const refund = spend({ kind: 'refund', amountPence: 5_000, occurredAt: '2027-02-10T10:00:00Z' });
    const result = reconcile(closed, [capture, refund], [], OPTIONS);
    expect(result.itemSpent.gym).toBe(15_000);
    expect(result.matches.find((m) => m.spendId === refund.id)?.pence).toBe(-5_000);
    // The capture itself lies in the closed period.
    expect(result.exceptions.map((e) => [e.spendId, e.kind])).toEqual([[capture.id, 'correction_after_close']]);
  });

  it('refuses a refund larger than what was spent on the item', () => {
    const result = reconcile(closed, [spend({ kind: 'refund', amountPence: 5_000 })], [], OPTIONS);
    expect(result.exceptions).toEqual([expect.objectContaining({ kind: 'refund_without_capture' })]);
    expect(result.matches).toEqual([]);
  });
});
