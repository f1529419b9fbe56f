import { reconcile } from './reconcile';
import { OPTIONS, PLAN, spend } from './fixtures';

describe('reconcile: partial capture', () => {
  it('matches a capture below the approved amount to its goal, with no exception', () => {
    const result = reconcile(PLAN, [spend({ itemId: 'gym', amountPence: 22_500 })], [], OPTIONS);
    expect(result.exceptions).toEqual([]);
    expect(result.matches).toEqual([{ spendId: expect.any(String), itemId: 'gym', goalId: 'fitness', pence: 22_500 }]);
    expect(result.itemSpent).toEqual({ gym: 22_500 });
  });
});
