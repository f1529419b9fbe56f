import { Injectable } from '@nestjs/common';
import { BudgetsService, isMovementFailure, MovementKind } from '@kinwell/budgets';
import { AuditLog, SYSTEM_ACTOR, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, Money } from '@kinwell/kernel';
import { PlansRepository } from '@kinwell/plans';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { decideAuthorization } from './domain/authorization-rules';
import { CardAuthorization, CardStatus, CardTransaction, CardTransactionKind, IntentStatus, IssuedCard, PurchaseIntent } from './payments.entities';

export interface AuthorizationRequest {
  issuerAuthorizationId: string;
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

/**
 * Real-time card decisions and the postings that follow. The decision locks the purchase
 * intent, so racing authorisations are decided one at a time and can never approve more
 * than the intent holds; it is keyed on the issuer's authorisation id, so a replay gets
 * the original answer. It reads only the database: no outbound calls on the hot path.
 */
@Injectable()
export class CardAuthorizationsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly budgets: BudgetsService,
    private readonly plans: PlansRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  authorize(request: AuthorizationRequest): Promise<{ approved: boolean; reason: string | null }> {
    return this.tx.run(async (m) => {
      // A replay is caught by the insert below (ON CONFLICT), which then answers with the first decision.
      // One round trip for the card and its purchase, locking the purchase: decisions on one card queue here.
      const [row]: Array<Record<string, unknown>> = await m.query(
        `SELECT c.status AS card_status, c.blocked_categories, c.allowed_categories, i.id, i.status, i.expires_at, i.approved_pence, i.tolerance_pence, i.authorised_pence
           FROM issued_card c JOIN purchase_intent i ON i.id = c.intent_id WHERE c.issuer_card_id = $1 FOR UPDATE OF i`,
        [request.issuerCardId],
      );
      const intent = row
        ? { id: row.id as string, status: row.status as string, expiresAt: row.expires_at as Date, approved: Money.ofPence(row.approved_pence as string), tolerance: Money.ofPence(row.tolerance_pence as string), authorised: Money.ofPence(row.authorised_pence as string) }
        : null;
      const decision = decideAuthorization({
        card: row ? { status: row.card_status as string, blockedCategories: row.blocked_categories as string[], allowedCategories: row.allowed_categories as string[] } : null,
        intent,
        alreadyAuthorised: intent?.authorised ?? Money.ZERO,
        // The purchase was created for exactly the item's commitment and is closed when that changes
        // (cancel releases it; the first capture spends it), so the intent bounds the budget too.
        committed: intent?.approved ?? Money.ZERO,
        amount: request.amount,
        merchantCategory: request.merchantCategory,
        now: this.clock.now(),
      });
      const reason = decision.approved ? null : decision.reason;
      const inserted: unknown[] = await m.query(
        `INSERT INTO card_authorization (issuer_authorization_id, issuer_card_id, intent_id, amount_pence, merchant_name, merchant_category, approved, decline_reason, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (issuer_authorization_id) DO NOTHING RETURNING issuer_authorization_id`,
        [request.issuerAuthorizationId, request.issuerCardId, intent?.id ?? null, request.amount.pence, request.merchantName.slice(0, 200), request.merchantCategory.slice(0, 100), decision.approved, reason, this.clock.now()],
      );
      if (!inserted.length) {
        // A replay, or the same authorisation racing in: give the first decision.
        const first = (await m.findOne(CardAuthorization, { where: { issuerAuthorizationId: request.issuerAuthorizationId } }))!;
        return { approved: first.approved, reason: first.declineReason };
      }
      if (decision.approved) await m.query('UPDATE purchase_intent SET authorised_pence = authorised_pence + $2 WHERE id = $1', [intent!.id, request.amount.pence]);
      else await this.audit.record({ actor: SYSTEM_ACTOR, action: 'card.authorization_declined', subject: { type: 'purchase_intent', id: intent?.id ?? request.issuerCardId }, reason, change: { amountPence: request.amount.pence, merchant: request.merchantName, category: request.merchantCategory } });
      return { approved: decision.approved, reason };
    });
  }

  /** A capture posts spend, a refund gives money back; each once, on the issuer's transaction id. */
  post(notice: TransactionNotice): Promise<'posted' | 'duplicate' | 'unknown_card'> {
    return this.tx.run(async (m) => {
      if (await m.findOne(CardTransaction, { where: { issuerTransactionId: notice.issuerTransactionId } })) return 'duplicate';
      const card = await m.findOne(IssuedCard, { where: { issuerCardId: notice.issuerCardId } });
      if (!card) return 'unknown_card';
      const intent = (await m.createQueryBuilder(PurchaseIntent, 'i').setLock('pessimistic_write').where('i.id = :id', { id: card.intentId }).getOne())!;
      await m.insert(CardTransaction, { ...notice, intentId: intent.id, occurredAt: this.clock.now() } as QueryDeepPartialEntity<CardTransaction>);
      const reference = { type: 'plan_item', id: intent.planItemId };
      const actor = { userId: null, label: `card issuer (${card.issuer})` };
      if (notice.kind === CardTransactionKind.Capture) {
        // Within the tolerance a capture may exceed what was committed: commit the difference first.
        const committed = await this.budgets.committedFor(intent.budgetId, intent.planItemId);
        if (notice.amount.greaterThan(committed)) {
          const topUp = await this.budgets.move({ budgetId: intent.budgetId, kind: MovementKind.Commitment, amount: notice.amount.subtract(committed), idempotencyKey: `card_txn:${notice.issuerTransactionId}:over`, reference, actor, note: 'Card capture above the approved amount' });
          if (isMovementFailure(topUp)) throw new DomainError('INSUFFICIENT_FUNDS', topUp.message);
        }
        const spent = await this.budgets.move({ budgetId: intent.budgetId, kind: MovementKind.Spend, amount: notice.amount, idempotencyKey: `card_txn:${notice.issuerTransactionId}`, reference, actor, note: notice.merchantName });
        if (isMovementFailure(spent)) throw new DomainError('INSUFFICIENT_FUNDS', spent.message);
        // Single use: the first capture completes the purchase and closes the card.
        await m.update(PurchaseIntent, intent.id, { status: IntentStatus.Completed, closedAt: this.clock.now() });
        await m.update(IssuedCard, card.issuerCardId, { status: CardStatus.Canceled });
        await this.markFirstPayment(intent.planId);
      } else {
        const refunded = await this.budgets.move({ budgetId: intent.budgetId, kind: MovementKind.Refund, amount: notice.amount, idempotencyKey: `card_txn:${notice.issuerTransactionId}`, reference, actor, note: `Refund: ${notice.merchantName}` });
        if (isMovementFailure(refunded)) throw new DomainError('CONFLICT', `A refund of ${notice.amount.format()} is more than was spent on this item`);
      }
      return 'posted';
    });
  }

  async markFirstPayment(planId: string): Promise<void> {
    const plan = await this.plans.findPlan(planId);
    if (plan && !plan.firstPaymentAt) await this.plans.updatePlan(planId, { firstPaymentAt: this.clock.now() });
  }
}
