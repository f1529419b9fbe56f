import { reconcile } from './reconcile';
import { OPTIONS, PLAN, spend } from './fixtures';

describe('reconcile: duplicate event', () => {
  it('counts the same payment once when it is reported twice', () => {
    const first = spend({ eventId: 'ipi_same', amountPence: 7_500 });
    const again = spend({ eventId: 'ipi_same', amountPence: 7_500, occurredAt: '2027-02-21T10:00:00Z' });
    const result = reconcile(PLAN, [first, again], [], OPTIONS);
    expect(result.itemSpent.gym).toBe(7_500);
    expect(result.exceptions).toEqual([{ spendId: again.id, kind: 'duplicate_event', detail: expect.stringContaining('ipi_same') }]);
  });
});
