import { reconcile } from './reconcile';
import { OPTIONS, PLAN, spend } from './fixtures';

describe('reconcile: what a broker must look at', () => {
  it.each([
    ['a merchant category other than expected', spend({ merchantCategory: 'electronics_stores' }), 'unexpected_category'],
    ['a merchant not in the directory', spend({ inDirectory: false }), 'merchant_not_in_directory'],
    ['a missing receipt after the due days', spend({ receiptAttached: false, occurredAt: '2027-02-01T10:00:00Z' }), 'missing_receipt'],
    ['spend outside the plan period', spend({ occurredAt: '2027-12-05T10:00:00Z' }), 'outside_plan_period'],
    ['spend not linked to a plan item', spend({ itemId: null }), 'not_in_plan'],
  ])('flags %s', (_label, line, kind) => {
    expect(reconcile(PLAN, [line], [], OPTIONS).exceptions.map((e) => e.kind)).toEqual([kind]);
  });

  it('does not ask for a receipt before it is due', () => {
    expect(reconcile(PLAN, [spend({ receiptAttached: false, occurredAt: '2027-02-20T10:00:00Z' })], [], OPTIONS).exceptions).toEqual([]);
  });

  it('lists attempts in blocked categories', () => {
    const result = reconcile(
      PLAN,
      [],
      [{ id: 'iauth_1', itemId: 'gym', merchantCategory: 'betting_casino_gambling', reason: 'not allowed' }],
      OPTIONS,
    );
    expect(result.exceptions).toEqual([
      { spendId: 'iauth_1', kind: 'blocked_category_attempt', detail: expect.stringContaining('betting casino gambling') },
    ]);
  });

  it('gives the same answer for the same input (pure)', () => {
    const spends = [spend({ amountPence: 100 }), spend({ kind: 'refund', amountPence: 50 })];
    expect(reconcile(PLAN, spends, [], OPTIONS)).toEqual(reconcile(PLAN, [...spends].reverse(), [], OPTIONS));
  });
});
