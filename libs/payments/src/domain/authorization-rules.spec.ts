import { Money } from '@kinwell/kernel';
import { AuthorizationContext, decideAuthorization } from './authorization-rules';

const now = new Date('2026-11-22T10:00:00Z');
const base: AuthorizationContext = {
  card: { status: 'active', blockedCategories: [], allowedCategories: [] },
  intent: { status: 'open', expiresAt: new Date('2026-12-22T00:00:00Z'), approved: Money.ofPence(30_000), tolerance: Money.ZERO },
  alreadyAuthorised: Money.ZERO,
  committed: Money.ofPence(30_000),
  amount: Money.ofPence(1_000),
  merchantCategory: 'sporting_goods_stores',
  now,
};

describe('decideAuthorization', () => {
  it('approves a purchase within an open intent, its budget and an allowed category', () => {
    expect(decideAuthorization(base)).toEqual({ approved: true });
  });

  it.each<[string, Partial<AuthorizationContext>, RegExp]>([
    ['an unknown card', { card: null }, /Unknown card/],
    ['a frozen card', { card: { ...base.card!, status: 'inactive' } }, /inactive/],
    ['a cancelled purchase', { intent: { ...base.intent!, status: 'cancelled' } }, /cancelled/],
    ['an expired purchase', { intent: { ...base.intent!, expiresAt: now } }, /expired/],
    ['a gambling merchant', { merchantCategory: 'betting_casino_gambling' }, /not allowed/],
    ['an off-licence', { merchantCategory: 'package_stores_beer_wine_and_liquor' }, /not allowed/],
    ['a cash withdrawal', { merchantCategory: 'automated_cash_disburse' }, /not allowed/],
    ['a category outside the allowed list', { card: { ...base.card!, allowedCategories: ['book_stores'] } }, /not the one/],
    ['more than remains on the card', { alreadyAuthorised: Money.ofPence(29_500) }, /Only £5.00/],
    ['more than the budget still holds', { committed: Money.ofPence(500) }, /budget/],
  ])('declines %s', (_label, change, reason) => {
    const decision = decideAuthorization({ ...base, ...change });
    expect(decision.approved).toBe(false);
    expect(decision.approved === false && decision.reason).toMatch(reason);
  });

  it('allows the tolerance the policy sets, and no more', () => {
    const withTolerance = { ...base, intent: { ...base.intent!, tolerance: Money.ofPence(500) }, amount: Money.ofPence(30_500) };
    expect(decideAuthorization(withTolerance)).toEqual({ approved: true });
    expect(decideAuthorization({ ...withTolerance, amount: Money.ofPence(30_501) }).approved).toBe(false);
  });
});
