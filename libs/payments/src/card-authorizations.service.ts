import { Injectable, Logger } from '@nestjs/common';
import { BudgetsService, isMovementFailure, MovementKind } from '@kinwell/budgets';
import { AuditLog, OutboxService, SYSTEM_ACTOR, TransactionHost } from '@kinwell/database';
import { Clock, Money } from '@kinwell/kernel';
import { PlanLookup } from '@kinwell/plans';
import { CardIssuingService } from './card-issuing.service';
import { decideAuthorization, notEnoughOnCard } from './domain/authorization-rules';
import { CardHold, CardStatus, CardTransactionKind, IntentStatus, PurchaseIntent } from './payments.entities';
import { isUniqueViolation, PaymentsRepository } from './payments.repository';

export const SPEND_POSTED = 'payments.spend.posted';

export interface AuthorizationRequest {
  issuerAuthorizationId: string;
  /** 0 for the first request on an authorisation, 1, 2, ... for incremental ones. */
  requestSeq: number;
  issuerCardId: string;
  amount: Money;
  merchantName: string;
  merchantCategory: string;
}

export interface TransactionNotice {
  issuerTransactionId: string;
  issuerCardId: string;
  issuerAuthorizationId: string | null;
  kind: CardTransactionKind;
  amount: Money;
  merchantName: string;
  merchantCategory: string;
}

/** What the issuer says an authorisation now holds: closed, reversed and expired hold nothing. */
export interface AuthorizationUpdate {
  issuerAuthorizationId: string;
  status: 'pending' | 'closed' | 'reversed' | 'expired';
  amount: Money;
}

export type PostingOutcome = 'posted' | 'exception' | 'duplicate' | 'unknown_card';

/**
 * Real-time card decisions and the postings that follow, keeping one promise: every approval is
 * backed by money the ledger holds committed for the purchase at that moment, and every capture
 * the issuer reports is recorded, as spend or as an exception a person must resolve.
 */
@Injectable()
export class CardAuthorizationsService {
  private readonly logger = new Logger(CardAuthorizationsService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: PaymentsRepository,
    private readonly budgets: BudgetsService,
    private readonly plans: PlanLookup,
    private readonly cards: CardIssuingService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Two statements and no transaction: an unlocked read for the rules, then one statement that
   * re-checks the money under the purchase's row lock, reserves it and records the decision. The
   * lock lasts one statement, so racing requests on one card queue for microseconds, not round trips.
   */
  async authorize(request: AuthorizationRequest): Promise<{ approved: boolean; reason: string | null }> {
    const now = this.clock.now();
    const context = await this.repository.decisionContext(request.issuerCardId);
    const rules = decideAuthorization({
      card: context?.card ?? null,
      intent: context?.intent ?? null,
      amount: request.amount,
      merchantCategory: request.merchantCategory,
      now,
    });
    let decision: { approved: boolean; declineReason: string | null };
    try {
      decision = await this.repository.recordDecision({
        ...request,
        intentId: context?.intent.id ?? null,
        approvable: rules.approved,
        // If the rules approve but the statement finds the money gone, it is declined for that.
        declineReason: rules.approved ? (context ? notEnoughOnCard(context.intent) : 'Unknown card') : rules.reason,
        declineCode: rules.approved ? (context ? 'not_enough_on_card' : 'unknown_card') : rules.code,
        now,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A replay, or the same request racing in: give the first decision.
      const first = (await this.repository.findDecision(request.issuerAuthorizationId, request.requestSeq))!;
      return { approved: first.approved, reason: first.declineReason };
    }
    if (!decision.approved) {
      await this.audit.record({
        actor: SYSTEM_ACTOR,
        action: 'card.authorization_declined',
        subject: { type: 'purchase_intent', id: context?.intent.id ?? request.issuerCardId },
        reason: decision.declineReason,
        change: {
          amountPence: request.amount.pence,
          merchant: request.merchantName,
          category: request.merchantCategory,
          authorization: request.issuerAuthorizationId,
          requestSeq: request.requestSeq,
        },
      });
    }
    return { approved: decision.approved, reason: decision.declineReason };
  }

  /**
   * A capture spends what the purchase has committed, up to the amount; anything beyond it is kept
   * unposted and becomes a spending exception (it never takes other money in the budget). A refund
   * gives back up to what was spent on the item; the rest likewise. Each once, on the issuer's id.
   */
  post(notice: TransactionNotice): Promise<PostingOutcome> {
    return this.tx.run(async () => {
      const card = await this.repository.findCard(notice.issuerCardId);
      const occurredAt = this.clock.now();
      if (!card) {
        // Kept, so nothing the issuer reports is lost.
        if (!(await this.repository.insertTransaction({ ...notice, intentId: null, occurredAt, posted: Money.ZERO }))) return 'duplicate';
        this.logger.warn(
          `Transaction ${notice.issuerTransactionId} (${notice.amount.format()}) is for card ${notice.issuerCardId}, which Kinwell has no record of`,
        );
        return 'unknown_card';
      }
      // The purchase is locked before the transaction is looked for, so copies of one transaction queue here.
      const intent = (await this.repository.lockIntent(card.intentId))!;
      if (await this.repository.hasTransaction(notice.issuerTransactionId)) return 'duplicate';
      const reference = { type: 'plan_item', id: intent.planItemId };
      const actor = { userId: null, label: `card issuer (${card.issuer})` };
      const key = `card_txn:${notice.issuerTransactionId}`;
      let posted = Money.ZERO;
      const changes: Partial<PurchaseIntent> = {};
      if (notice.kind === CardTransactionKind.Capture) {
        const ledgerCommitted = await this.budgets.committedFor(intent.budgetId, intent.planItemId);
        const cover = min(notice.amount, intent.committed, ledgerCommitted);
        if (cover.isPositive()) {
          const spent = await this.budgets.move({
            budgetId: intent.budgetId,
            kind: MovementKind.Spend,
            amount: cover,
            idempotencyKey: key,
            reference,
            actor,
            note: notice.merchantName,
          });
          if (!isMovementFailure(spent)) posted = cover;
        }
        const released = notice.issuerAuthorizationId ? await this.lowerHold(notice.issuerAuthorizationId, notice.amount) : Money.ZERO;
        changes.committed = intent.committed.subtract(posted);
        changes.held = nonNegative(intent.held.subtract(released));
        changes.captured = intent.captured.add(notice.amount);
        // Single use: after its first capture the card takes nothing new; approved holds may still be captured.
        if (intent.status === IntentStatus.Open) changes.status = IntentStatus.Settling;
        await this.cards.setStatus(card, CardStatus.Canceled);
        await this.markFirstPayment(intent.planId);
      } else {
        const spentOnItem = await this.budgets.spentFor(intent.budgetId, intent.planItemId);
        const cover = min(notice.amount, spentOnItem);
        if (cover.isPositive()) {
          const refunded = await this.budgets.move({
            budgetId: intent.budgetId,
            kind: MovementKind.Refund,
            amount: cover,
            idempotencyKey: key,
            reference,
            actor,
            note: `Refund: ${notice.merchantName}`,
          });
          if (!isMovementFailure(refunded)) posted = cover;
        }
      }
      await this.repository.insertTransaction({ ...notice, intentId: intent.id, occurredAt, posted });
      if (!posted.equals(notice.amount)) {
        await this.audit.record({
          actor,
          action: 'card.transaction_not_covered',
          subject: { type: 'purchase_intent', id: intent.id },
          reason:
            notice.kind === CardTransactionKind.Capture
              ? 'Captured more than the purchase had committed'
              : 'Refunded more than was spent on the item',
          change: {
            transaction: notice.issuerTransactionId,
            kind: notice.kind,
            amountPence: notice.amount.pence,
            postedPence: posted.pence,
          },
        });
      }
      await this.settleIfDone({ ...intent, ...changes });
      await this.spendPosted(intent.planId);
      return posted.equals(notice.amount) ? 'posted' : 'exception';
    });
  }

  /** The issuer's view of an authorisation (created, updated, reversed, expired): holds only ever go down here. */
  updateHold(update: AuthorizationUpdate): Promise<void> {
    return this.tx.run(async () => {
      const intentId = await this.repository.intentOfAuthorization(update.issuerAuthorizationId);
      if (!intentId) return;
      const intent = (await this.repository.lockIntent(intentId))!;
      const hold = (await this.repository.lockHold(update.issuerAuthorizationId))!;
      const target = update.status === 'pending' ? (update.amount.lessThan(hold.held) ? update.amount : hold.held) : Money.ZERO;
      const lowered = await this.lowerHold(update.issuerAuthorizationId, hold.held.subtract(target), hold);
      if (!lowered.isPositive()) return;
      await this.settleIfDone({ ...intent, held: nonNegative(intent.held.subtract(lowered)) });
    });
  }

  /**
   * Writes the purchase's new figures and, once it takes nothing new (settling) and nothing is held
   * for a merchant, releases what it still has committed and finishes it.
   */
  async settleIfDone(intent: PurchaseIntent): Promise<PurchaseIntent> {
    const done = intent.status === IntentStatus.Settling && intent.held.isZero();
    if (done && intent.committed.isPositive()) {
      const actor = { userId: null, label: 'system' };
      const released = await this.budgets.move({
        budgetId: intent.budgetId,
        kind: MovementKind.Release,
        amount: intent.committed,
        idempotencyKey: `intent:${intent.id}:settled`,
        reference: { type: 'plan_item', id: intent.planItemId },
        actor,
        note: 'Purchase finished: the rest is available again',
      });
      if (isMovementFailure(released)) throw new Error(`Purchase ${intent.id}: ${released.message}`);
    }
    const next: PurchaseIntent = done
      ? {
          ...intent,
          committed: Money.ZERO,
          status: intent.captured.isPositive() ? IntentStatus.Completed : IntentStatus.Cancelled,
          closedAt: this.clock.now(),
        }
      : intent;
    await this.repository.updateIntent(intent.id, {
      committed: next.committed,
      held: next.held,
      captured: next.captured,
      status: next.status,
      closedAt: next.closedAt,
    });
    return next;
  }

  /** In the posting's transaction: reconciliation runs for the plan once it commits. */
  spendPosted(planId: string): Promise<void> {
    return this.outbox.publish(SPEND_POSTED, { planId }, { deliverNow: true });
  }

  async markFirstPayment(planId: string): Promise<void> {
    await this.plans.recordFirstPayment(planId, this.clock.now());
  }

  /** Lowers what this authorisation holds by up to `amount`; returns how much it lowered. */
  private async lowerHold(issuerAuthorizationId: string, amount: Money, locked?: CardHold): Promise<Money> {
    const hold = locked ?? (await this.repository.lockHold(issuerAuthorizationId));
    if (!hold) return Money.ZERO;
    const take = min(amount, hold.held);
    if (take.isPositive()) await this.repository.setHeld(issuerAuthorizationId, hold.held.subtract(take));
    return take;
  }
}

function min(...amounts: Money[]): Money {
  return nonNegative(amounts.reduce((a, b) => (b.lessThan(a) ? b : a)));
}

function nonNegative(amount: Money): Money {
  return amount.isNegative() ? Money.ZERO : amount;
}
