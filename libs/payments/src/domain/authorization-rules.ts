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
  intent: {
    status: string;
    expiresAt: Date;
    /** What the ledger holds committed for this purchase now (the approved amount plus any tolerance, less what was spent). */
    committed: Money;
    /** Approved authorisations not yet captured or reversed. */
    held: Money;
  } | null;
  amount: Money;
  merchantCategory: string;
  now: Date;
}

/** Why a card payment was declined, for code to act on; `reason` says it in words for people. */
export type DeclineCode =
  | 'unknown_card'
  | 'card_not_active'
  | 'purchase_not_open'
  | 'purchase_expired'
  | 'invalid_amount'
  | 'category_blocked'
  | 'category_not_approved'
  | 'not_enough_on_card';

export type AuthorizationDecision = { approved: true } | { approved: false; code: DeclineCode; reason: string };

/** What a card can still approve: only money the ledger holds committed for it, less what is promised already. */
export function remainingOnCard(intent: { committed: Money; held: Money }): Money {
  const remaining = intent.committed.subtract(intent.held);
  return remaining.isNegative() ? Money.ZERO : remaining;
}

export function notEnoughOnCard(intent: { committed: Money; held: Money }): string {
  return `Only ${remainingOnCard(intent).format()} of the ${intent.committed.format()} set aside remains on this card`;
}

/**
 * The whole decision, pure: no clocks, no calls, so it can answer inside Stripe's window. The money
 * part (amount within what is committed and not yet held) is checked again, atomically, by the
 * statement that records the decision, so racing requests can never approve more than is committed.
 */
export function decideAuthorization(c: AuthorizationContext): AuthorizationDecision {
  if (!c.card || !c.intent) return { approved: false, code: 'unknown_card', reason: 'Unknown card' };
  if (c.card.status !== 'active') return { approved: false, code: 'card_not_active', reason: `Card is ${c.card.status}` };
  if (c.intent.status !== 'open') return { approved: false, code: 'purchase_not_open', reason: `The purchase is ${c.intent.status}` };
  if (c.intent.expiresAt.getTime() <= c.now.getTime())
    return { approved: false, code: 'purchase_expired', reason: 'The card has expired for this purchase' };
  if (!c.amount.isPositive()) return { approved: false, code: 'invalid_amount', reason: 'Amount must be above zero' };
  if (BASELINE_BLOCKED_CATEGORIES.includes(c.merchantCategory) || c.card.blockedCategories.includes(c.merchantCategory)) {
    return {
      approved: false,
      code: 'category_blocked',
      reason: `Merchant category ${c.merchantCategory} is not allowed for personal health budgets`,
    };
  }
  if (c.card.allowedCategories.length && !c.card.allowedCategories.includes(c.merchantCategory)) {
    return {
      approved: false,
      code: 'category_not_approved',
      reason: `Merchant category ${c.merchantCategory} is not the one this purchase was approved for`,
    };
  }
  if (c.amount.greaterThan(remainingOnCard(c.intent)))
    return { approved: false, code: 'not_enough_on_card', reason: notEnoughOnCard(c.intent) };
  return { approved: true };
}
