import { Money } from '@kinwell/kernel';

export type SpendKind = 'capture' | 'refund' | 'invoice' | 'direct_payment' | 'reported';

export interface ItemForReconciliation {
  id: string;
  approvedPence: number;
  /** Goals the item serves; its spend is split across them equally, to the penny. */
  goalIds: string[];
  /** Merchant categories expected for a card purchase (empty: any allowed category). */
  expectedCategories: string[];
}

export interface PlanForReconciliation {
  periodStart: string;
  periodEnd: string;
  /** The last day of the last closed statement period; spend dated on or before it is locked. */
  closedThrough: string | null;
  items: ItemForReconciliation[];
}

export interface SpendLine {
  id: string;
  /** The issuer's or payer's own id, to spot the same money reported twice. */
  eventId: string;
  kind: SpendKind;
  itemId: string | null;
  /** Positive for money out, positive for refunds too (kind says which way). */
  amountPence: number;
  currency: string;
  occurredAt: string;
  merchantName: string;
  merchantCategory: string | null;
  inDirectory: boolean;
  receiptAttached: boolean;
}

export interface DeclinedAttempt {
  id: string;
  itemId: string | null;
  merchantCategory: string;
  reason: string;
}

export type ExceptionKind =
  | 'duplicate_event'
  | 'wrong_currency'
  | 'not_in_plan'
  | 'refund_without_capture'
  | 'over_approved_amount'
  | 'unexpected_category'
  | 'outside_plan_period'
  | 'correction_after_close'
  | 'merchant_not_in_directory'
  | 'missing_receipt'
  | 'blocked_category_attempt'
  | 'capture_not_covered'
  | 'refund_not_covered';

/** Card money the issuer moved that the ledger could not take in full: a person decides what it was. */
export interface UnpostedCardMoney {
  id: string;
  kind: 'capture' | 'refund';
  amountPence: number;
  postedPence: number;
  merchantName: string;
}

export interface ReconciliationException {
  spendId: string;
  kind: ExceptionKind;
  detail: string;
}

export interface GoalMatch {
  spendId: string;
  itemId: string;
  goalId: string;
  /** Signed: refunds are negative. */
  pence: number;
}

export interface ReconciliationResult {
  matches: GoalMatch[];
  exceptions: ReconciliationException[];
  /** Net spend per item and per goal after this run. */
  itemSpent: Record<string, number>;
  goalSpent: Record<string, number>;
}

const DAY = 86_400_000;
const CARD_LIKE: SpendKind[] = ['capture'];
const NEEDS_RECEIPT: SpendKind[] = ['capture', 'direct_payment', 'reported'];

/**
 * Matches spend to plan items and, through them, to goals; lists what a broker must look
 * at. Pure: the same plan and spend always give the same result, so it is tested by
 * scenario and can run over any number of holders in one pass.
 */
export function reconcile(
  plan: PlanForReconciliation,
  spends: SpendLine[],
  declined: DeclinedAttempt[],
  options: { now: Date; receiptDueDays: number },
  unposted: UnpostedCardMoney[] = [],
): ReconciliationResult {
  const items = new Map(plan.items.map((i) => [i.id, i]));
  const seen = new Set<string>();
  const captured = new Map<string, number>();
  const matches: GoalMatch[] = [];
  const exceptions: ReconciliationException[] = [];
  const flag = (spendId: string, kind: ExceptionKind, detail: string) => exceptions.push({ spendId, kind, detail });
  const pounds = (pence: number) => Money.ofPence(pence).format();

  const ordered = [...spends].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
  for (const spend of ordered) {
    if (seen.has(spend.eventId)) {
      flag(spend.id, 'duplicate_event', `The same payment (${spend.eventId}) was reported again; it is counted once`);
      continue;
    }
    seen.add(spend.eventId);
    if (spend.currency.toUpperCase() !== 'GBP') {
      flag(spend.id, 'wrong_currency', `Paid in ${spend.currency.toUpperCase()}, not pounds; it needs converting before it can count`);
      continue;
    }
    const item = spend.itemId ? items.get(spend.itemId) : undefined;
    if (!item) {
      flag(spend.id, 'not_in_plan', `${pounds(spend.amountPence)} at ${spend.merchantName} is not linked to an item in the plan`);
      continue;
    }
    const day = spend.occurredAt.slice(0, 10);
    if (day < plan.periodStart || day > plan.periodEnd)
      flag(spend.id, 'outside_plan_period', `Dated ${day}, outside the plan period ${plan.periodStart} to ${plan.periodEnd}`);
    if (plan.closedThrough && day <= plan.closedThrough)
      flag(spend.id, 'correction_after_close', `Dated ${day}, in a closed period: counted in the current period as a correction`);

    let signed = spend.amountPence;
    const soFar = captured.get(item.id) ?? 0;
    if (spend.kind === 'refund') {
      if (soFar <= 0 || spend.amountPence > soFar) {
        flag(
          spend.id,
          'refund_without_capture',
          `A refund of ${pounds(spend.amountPence)} is more than was spent on this item (${pounds(Math.max(0, soFar))})`,
        );
        continue;
      }
      signed = -spend.amountPence;
    } else {
      if (soFar + spend.amountPence > item.approvedPence) {
        flag(
          spend.id,
          'over_approved_amount',
          `Brings spend on this item to ${pounds(soFar + spend.amountPence)}, above the approved ${pounds(item.approvedPence)}`,
        );
      }
      if (
        CARD_LIKE.includes(spend.kind) &&
        item.expectedCategories.length &&
        spend.merchantCategory &&
        !item.expectedCategories.includes(spend.merchantCategory)
      ) {
        flag(
          spend.id,
          'unexpected_category',
          `Bought at a ${spend.merchantCategory.replace(/_/g, ' ')} merchant, not the kind expected for this item`,
        );
      }
      if (CARD_LIKE.includes(spend.kind) && !spend.inDirectory)
        flag(spend.id, 'merchant_not_in_directory', `${spend.merchantName} is not a listed provider`);
      if (
        NEEDS_RECEIPT.includes(spend.kind) &&
        !spend.receiptAttached &&
        options.now.getTime() - Date.parse(spend.occurredAt) > options.receiptDueDays * DAY
      ) {
        flag(spend.id, 'missing_receipt', `No receipt ${options.receiptDueDays} days after the purchase`);
      }
    }
    captured.set(item.id, soFar + signed);
    const goals = item.goalIds.length ? item.goalIds : ['(no goal)'];
    Money.ofPence(signed)
      .allocate(goals.map(() => 1))
      .forEach((part, i) => matches.push({ spendId: spend.id, itemId: item.id, goalId: goals[i], pence: part.pence }));
  }
  for (const attempt of declined) {
    flag(
      attempt.id,
      'blocked_category_attempt',
      `A card payment at a ${attempt.merchantCategory.replace(/_/g, ' ')} merchant was refused: ${attempt.reason}`,
    );
  }
  for (const u of unposted) {
    const rest = pounds(u.amountPence - u.postedPence);
    if (u.kind === 'capture') {
      flag(
        u.id,
        'capture_not_covered',
        `${u.merchantName} took ${pounds(u.amountPence)} by card, ${rest} more than was set aside for the item; the ${rest} is not in the budget's figures until someone decides what it was`,
      );
    } else {
      flag(
        u.id,
        'refund_not_covered',
        `${u.merchantName} refunded ${pounds(u.amountPence)}, ${rest} more than was spent on the item; the ${rest} is not in the budget's figures until someone decides what it was`,
      );
    }
  }
  const goalSpent: Record<string, number> = {};
  for (const m of matches) goalSpent[m.goalId] = (goalSpent[m.goalId] ?? 0) + m.pence;
  return { matches, exceptions, itemSpent: Object.fromEntries(captured), goalSpent };
}
