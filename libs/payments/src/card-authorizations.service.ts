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
      const previous = await m.findOne(CardAuthorization, { where: { issuerAuthorizationId: request.issuerAuthorizationId } });
      if (previous) return { approved: previous.approved, reason: previous.declineReason };
      const card = await m.findOne(IssuedCard, { where: { issuerCardId: request.issuerCardId } });
      const intent = card
        ? await m.createQueryBuilder(PurchaseIntent, 'i').setLock('pessimistic_write').where('i.id = :id', { id: card.intentId }).getOne()
        : null;
      // Re-read after taking the lock: a racing request for the same authorisation may have just decided it.
      const decidedMeanwhile = intent && (await m.findOne(CardAuthorization, { where: { issuerAuthorizationId: request.issuerAuthorizationId } }));
      if (decidedMeanwhile) return { approved: decidedMeanwhile.approved, reason: decidedMeanwhile.declineReason };
      const [{ total }] = intent
        ? await m.query(`SELECT coalesce(sum(amount_pence), 0)::text AS total FROM card_authorization WHERE intent_id = $1 AND approved`, [intent.id])
        : [{ total: '0' }];
      const committed = intent ? await this.budgets.committedFor(intent.budgetId, intent.planItemId) : Money.ZERO;
      const decision = decideAuthorization({
        card: card ? { status: card.status, blockedCategories: card.blockedCategories, allowedCategories: card.allowedCategories } : null,
        intent,
        alreadyAuthorised: Money.ofPence(total),
        committed,
        amount: request.amount,
        merchantCategory: request.merchantCategory,
        now: this.clock.now(),
      });
      const reason = decision.approved ? null : decision.reason;
      await m.insert(CardAuthorization, {
        issuerAuthorizationId: request.issuerAuthorizationId,
        issuerCardId: request.issuerCardId,
        intentId: intent?.id ?? null,
        amount: request.amount,
        merchantName: request.merchantName.slice(0, 200),
        merchantCategory: request.merchantCategory.slice(0, 100),
        approved: decision.approved,
        declineReason: reason,
        decidedAt: this.clock.now(),
      } as QueryDeepPartialEntity<CardAuthorization>);
      if (!decision.approved) {
        await this.audit.record({ actor: SYSTEM_ACTOR, action: 'card.authorization_declined', subject: { type: 'purchase_intent', id: intent?.id ?? request.issuerCardId }, reason, change: { amountPence: request.amount.pence, merchant: request.merchantName, category: request.merchantCategory } });
      }
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
