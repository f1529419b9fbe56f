import { Money } from '@kinwell/kernel';

/**
 * Merchant categories a personal health budget card never pays: gambling, alcohol,
 * tobacco, cash and cash-like, and categories the NHS rules exclude (Stripe's names).
 */
export const BASELINE_BLOCKED_CATEGORIES = [
  'betting_casino_gambling',
  'government_owned_lotteries_non_us_region',
  'package_stores_beer_wine_and_liquor',
  'drinking_places',
  'cigar_stores_and_stands',
  'automated_cash_disburse',
  'manual_cash_disburse',
  'wires_money_orders',
  'non_fi_money_orders',
  'non_fi_stored_value_card_purchase_load',
  'dating_escort_services',
  'massage_parlors',
  'pawn_shops',
];

export interface AuthorizationContext {
  card: { status: string; blockedCategories: string[]; allowedCategories: string[] } | null;
  intent: { status: string; expiresAt: Date; approved: Money; tolerance: Money } | null;
  /** What approved authorisations on this intent already hold. */
  alreadyAuthorised: Money;
  /** What the budget still holds committed for the item. */
  committed: Money;
  amount: Money;
  merchantCategory: string;
  now: Date;
}

export type AuthorizationDecision = { approved: true } | { approved: false; reason: string };

/** The whole decision, pure: no clocks, no calls, so it can answer inside Stripe's window. */
export function decideAuthorization(c: AuthorizationContext): AuthorizationDecision {
  if (!c.card || !c.intent) return { approved: false, reason: 'Unknown card' };
  if (c.card.status !== 'active') return { approved: false, reason: `Card is ${c.card.status}` };
  if (c.intent.status !== 'open') return { approved: false, reason: `The purchase is ${c.intent.status}` };
  if (c.intent.expiresAt.getTime() <= c.now.getTime()) return { approved: false, reason: 'The card has expired for this purchase' };
  if (!c.amount.isPositive()) return { approved: false, reason: 'Amount must be above zero' };
  if (BASELINE_BLOCKED_CATEGORIES.includes(c.merchantCategory) || c.card.blockedCategories.includes(c.merchantCategory)) {
    return { approved: false, reason: `Merchant category ${c.merchantCategory} is not allowed for personal health budgets` };
  }
  if (c.card.allowedCategories.length && !c.card.allowedCategories.includes(c.merchantCategory)) {
    return { approved: false, reason: `Merchant category ${c.merchantCategory} is not the one this purchase was approved for` };
  }
  const limit = c.intent.approved.add(c.intent.tolerance);
  const remaining = limit.subtract(c.alreadyAuthorised);
  if (c.amount.greaterThan(remaining)) return { approved: false, reason: `Only ${remaining.format()} of the approved ${c.intent.approved.format()} remains on this card` };
  if (c.amount.greaterThan(c.committed.add(c.intent.tolerance))) return { approved: false, reason: 'The budget no longer holds enough for this purchase' };
  return { approved: true };
}
