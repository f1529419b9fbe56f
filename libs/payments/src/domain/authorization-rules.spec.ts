import { Money } from '@kinwell/kernel';
import { AuthorizationContext, DeclineCode, decideAuthorization } from './authorization-rules';

const now = new Date('2026-11-22T10:00:00Z');
const base: AuthorizationContext = {
  card: { status: 'active', blockedCategories: [], allowedCategories: [] },
  intent: { status: 'open', expiresAt: new Date('2026-12-22T00:00:00Z'), committed: Money.ofPence(30_000), held: Money.ZERO },
  amount: Money.ofPence(1_000),
  merchantCategory: 'sporting_goods_stores',
  now,
};

describe('decideAuthorization', () => {
  it('approves a purchase within an open intent, its budget and an allowed category', () => {
    expect(decideAuthorization(base)).toEqual({ approved: true });
  });

  it.each<[string, Partial<AuthorizationContext>, RegExp, DeclineCode]>([
    ['an unknown card', { card: null }, /Unknown card/, 'unknown_card'],
    ['a frozen card', { card: { ...base.card!, status: 'inactive' } }, /inactive/, 'card_not_active'],
    ['a cancelled purchase', { intent: { ...base.intent!, status: 'cancelled' } }, /cancelled/, 'purchase_not_open'],
    ['an expired purchase', { intent: { ...base.intent!, expiresAt: now } }, /expired/, 'purchase_expired'],
    ['a gambling merchant', { merchantCategory: 'betting_casino_gambling' }, /not allowed/, 'category_blocked'],
    ['an off-licence', { merchantCategory: 'package_stores_beer_wine_and_liquor' }, /not allowed/, 'category_blocked'],
    ['a cash withdrawal', { merchantCategory: 'automated_cash_disburse' }, /not allowed/, 'category_blocked'],
    [
      'a category outside the allowed list',
      { card: { ...base.card!, allowedCategories: ['book_stores'] } },
      /not the one/,
      'category_not_approved',
    ],
    [
      'a settling purchase (its card took its payment)',
      { intent: { ...base.intent!, status: 'settling' } },
      /settling/,
      'purchase_not_open',
    ],
    [
      'more than remains on the card',
      { intent: { ...base.intent!, held: Money.ofPence(29_500) } },
      /Only £5.00 of the £300.00/,
      'not_enough_on_card',
    ],
    [
      'more than is still committed after a partial capture',
      { intent: { ...base.intent!, committed: Money.ofPence(500) } },
      /Only £5.00/,
      'not_enough_on_card',
    ],
    [
      'anything once holds exceed what is committed',
      { intent: { ...base.intent!, committed: Money.ofPence(500), held: Money.ofPence(900) } },
      /Only £0.00/,
      'not_enough_on_card',
    ],
  ])('declines %s, with a code for code and a reason for people', (_label, change, reason, code) => {
    const decision = decideAuthorization({ ...base, ...change });
    expect(decision.approved).toBe(false);
    expect(decision.approved === false && decision.reason).toMatch(reason);
    expect(decision.approved === false && decision.code).toBe(code);
  });

  it('approves up to exactly what is committed (a committed tolerance included), and no more', () => {
    const withTolerance = { ...base, intent: { ...base.intent!, committed: Money.ofPence(30_500) }, amount: Money.ofPence(30_500) };
    expect(decideAuthorization(withTolerance)).toEqual({ approved: true });
    expect(decideAuthorization({ ...withTolerance, amount: Money.ofPence(30_501) }).approved).toBe(false);
  });
});
