import { reconcile } from './reconcile';
import { OPTIONS, PLAN, spend } from './fixtures';

describe('reconcile: wrong currency', () => {
  it('does not count money paid in another currency, and says so', () => {
    const result = reconcile(PLAN, [spend({ currency: 'eur', amountPence: 4_000 })], [], OPTIONS);
    expect(result.matches).toEqual([]);
    expect(result.exceptions).toEqual([expect.objectContaining({ kind: 'wrong_currency', detail: expect.stringContaining('EUR') })]);
  });
});
