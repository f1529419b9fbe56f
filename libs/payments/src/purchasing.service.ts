import { Injectable } from '@nestjs/common';
import { BudgetsService, isMovementFailure, MovementKind } from '@kinwell/budgets';
import { AppConfig } from '@kinwell/config';
import { AuditActor, AuditLog, TransactionHost } from '@kinwell/database';
import { DirectoryLookup } from '@kinwell/directory';
import { Clock, DomainError, isUuid, Money, newId } from '@kinwell/kernel';
import { Principal, Role } from '@kinwell/identity';
import { ItemStatus, PlanNotices, PlanPurchases, PlanLookup } from '@kinwell/plans';
import { CardAuthorizationsService } from './card-authorizations.service';
import { CardIssuingService } from './card-issuing.service';
import { CardIssuer, CardReveal } from './issuers/card-issuer';
import { CardStatus, CardTransactionKind, IntentStatus, IssuedCard, PaymentMethodKind, PurchaseIntent } from './payments.entities';
import { PaymentsRepository } from './payments.repository';
import { PurchaseRefused } from './payments.errors';

/**
 * Buying approved plan items: a single-use card, an invoice to a listed provider, or a
 * direct payment to the holder. The money was committed when the item was approved;
 * paying spends it, cancelling releases it (except what a card payment still holds).
 */
@Injectable()
export class PurchasingService implements PlanPurchases {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: PaymentsRepository,
    private readonly plans: PlanLookup,
    private readonly budgets: BudgetsService,
    private readonly directory: DirectoryLookup,
    private readonly issuer: CardIssuer,
    private readonly cards: CardIssuingService,
    private readonly authorizations: CardAuthorizationsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notices: PlanNotices,
  ) {}

  /**
   * Opens a card purchase: the approved amount and the tolerance (as much of it as is available) are
   * committed, then the card is created at the issuer after commit. The card's limit is exactly what
   * is committed. If the issuer cannot be reached, the purchase waits without a card and the worker
   * keeps asking; `card` is then null.
   */
  async buyWithCard(principal: Principal, itemId: string): Promise<{ intent: PurchaseIntent; card: IssuedCard | null }> {
    const intent = await this.tx.run(async () => {
      const opened = await this.openIntent(principal, itemId, PaymentMethodKind.Card);
      await this.cards.request(opened.id);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'purchase.card_requested',
        subject: { type: 'purchase_intent', id: opened.id },
        change: { approvedPence: opened.approved.pence, tolerancePence: opened.tolerance.pence, issuer: this.issuer.name },
      });
      return opened;
    });
    return { intent, card: await this.repository.cardForIntent(intent.id) };
  }

  /** Orders from a listed provider, to be paid against their invoice by bank transfer. */
  async orderByInvoice(principal: Principal, itemId: string): Promise<PurchaseIntent> {
    return this.tx.run(async () => {
      const intent = await this.openIntent(principal, itemId, PaymentMethodKind.Invoice);
      if (!intent.providerOrganisationId)
        throw DomainError.validation([
          { field: 'itemId', message: 'invoices go to listed providers: this item is not a directory offering' },
        ]);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'purchase.ordered_by_invoice',
        subject: { type: 'purchase_intent', id: intent.id },
        change: { providerId: intent.providerOrganisationId, pence: intent.approved.pence },
      });
      await this.notices.orderPlaced(intent.providerOrganisationId, intent.planItemId, intent.id, intent.approved);
      return intent;
    });
  }

  /** Records the provider's invoice as paid: the money is spent. */
  async markInvoicePaid(principal: Principal, intentId: string, paymentReference: string): Promise<PurchaseIntent> {
    if (paymentReference.trim().length < 3)
      throw DomainError.validation([{ field: 'paymentReference', message: 'give the invoice or payment reference' }]);
    return this.settle(principal, intentId, PaymentMethodKind.Invoice, paymentReference.trim());
  }

  /** Pays the item's amount to the holder, who will show what they spent it on. */
  async payDirect(principal: Principal, itemId: string, paymentReference: string): Promise<PurchaseIntent> {
    if (paymentReference.trim().length < 3)
      throw DomainError.validation([{ field: 'paymentReference', message: 'give the bank payment reference' }]);
    return this.tx.run(async () => {
      const intent = await this.openIntent(principal, itemId, PaymentMethodKind.DirectPayment);
      return this.settle(principal, intent.id, PaymentMethodKind.DirectPayment, paymentReference.trim());
    });
  }

  /**
   * Cancels an open purchase: the card stops at once and the money returns to what is available,
   * except what approved card payments still hold; that follows when they are taken or reversed.
   */
  async cancel(principal: Principal, intentId: string): Promise<PurchaseIntent> {
    return this.tx.run(async () => {
      const intent = await this.lockIntent(principal, intentId);
      if (intent.status !== IntentStatus.Open) throw new PurchaseRefused('purchase_not_open', `This purchase is already ${intent.status}`);
      return this.end(intent, principal.auditActor, 'cancelled');
    });
  }

  /** Worker job: open purchases past their expiry are ended like a cancellation. */
  async expireOverdue(): Promise<number> {
    const overdue = await this.repository.overdueIntentIds(this.clock.now(), 100);
    for (const id of overdue) {
      await this.tx.run(async () => {
        const intent = await this.repository.lockIntent(id);
        if (intent?.status === IntentStatus.Open) await this.end(intent, { userId: null, label: 'system' }, 'expired');
      });
    }
    return overdue.length;
  }

  /**
   * For closing a plan, in its transaction: ends every open purchase, unless a card payment is still
   * held for a merchant (then nothing changes and the amount held is returned).
   */
  async endForPlan(planId: string, actor: AuditActor): Promise<{ stillHeld: Money }> {
    const unfinished = await this.repository.lockUnfinishedIntentsOfPlan(planId);
    const stillHeld = Money.sum(unfinished.map((i) => i.held));
    if (stillHeld.isPositive()) return { stillHeld };
    for (const intent of unfinished) await this.end(intent, actor, 'plan_closed');
    return { stillHeld };
  }

  async setCardFrozen(principal: Principal, intentId: string, frozen: boolean): Promise<IssuedCard> {
    return this.tx.run(async () => {
      const intent = await this.lockIntent(principal, intentId);
      const card = await this.repository.cardForIntent(intent.id);
      if (!card || card.status === CardStatus.Canceled)
        throw new PurchaseRefused('no_live_card', 'There is no live card for this purchase');
      const changed = await this.cards.setStatus(card, frozen ? CardStatus.Inactive : CardStatus.Active);
      await this.audit.record({
        actor: principal.auditActor,
        action: frozen ? 'purchase.card_frozen' : 'purchase.card_unfrozen',
        subject: { type: 'purchase_intent', id: intent.id },
      });
      return changed;
    });
  }

  /** Freezes every live card of a plan (for example when receipts are overdue), in the caller's transaction. */
  async freezeCardsOfPlan(planId: string): Promise<number> {
    const live = await this.repository.liveCardsOfPlan(planId);
    for (const card of live) await this.cards.setStatus(card, CardStatus.Inactive);
    return live.length;
  }

  /** Sandbox only: a purchase at a merchant, through the same decision and posting as Stripe's. */
  async simulateCardPurchase(
    principal: Principal,
    intentId: string,
    merchantName: string,
    merchantCategory: string,
    amount: Money,
  ): Promise<{ approved: boolean; reason: string | null }> {
    if (this.issuer.name !== 'sandbox')
      throw new DomainError('NOT_AVAILABLE', 'Purchases can only be simulated with the sandbox card issuer');
    const intent = await this.tx.run(() => this.lockIntent(principal, intentId));
    const card = await this.repository.cardForIntent(intent.id);
    if (!card) throw DomainError.notFound('A card for that purchase');
    const suffix = newId().replace(/-/g, '').slice(0, 16);
    const authorization = `iauth_sandbox_${suffix}`;
    const decision = await this.authorizations.authorize({
      issuerAuthorizationId: authorization,
      requestSeq: 0,
      issuerCardId: card.issuerCardId,
      amount,
      merchantName,
      merchantCategory,
    });
    if (decision.approved) {
      await this.authorizations.post({
        issuerTransactionId: `ipi_sandbox_${suffix}`,
        issuerCardId: card.issuerCardId,
        issuerAuthorizationId: authorization,
        kind: CardTransactionKind.Capture,
        amount,
        merchantName,
        merchantCategory,
      });
    }
    return decision;
  }

  /** For reconciliation: card money on this plan the ledger could not take in full. */
  unpostedCardMoney(planId: string) {
    return this.repository.unpostedForPlan(planId);
  }

  intentsForItems(itemIds: string[]): Promise<PurchaseIntent[]> {
    return this.repository.intentsForItems(itemIds);
  }

  findIntent(intentId: string): Promise<PurchaseIntent | null> {
    return this.repository.findIntent(intentId);
  }

  cardFor(intentId: string): Promise<IssuedCard | null> {
    return this.repository.cardForIntent(intentId);
  }

  /**
   * One purchase as its broker reads it, with its card and how to read the card's full details; those
   * are shown only while the purchase can still spend.
   */
  async purchase(
    principal: Principal,
    intentId: string,
  ): Promise<{ intent: PurchaseIntent; card: IssuedCard | null; reveal: CardReveal | null }> {
    const intent = await this.brokersIntent(principal, intentId);
    const card = await this.repository.cardForIntent(intent.id);
    const live = card && card.status !== CardStatus.Canceled && intent.status === IntentStatus.Open;
    return { intent, card, reveal: live ? this.issuer.reveal(card.issuerCardId) : null };
  }

  /** A short-lived key for Issuing Elements to draw this purchase's live card in its broker's browser. */
  async ephemeralKey(principal: Principal, intentId: string, nonce: string): Promise<string> {
    if (!/^[\w-]{1,200}$/.test(nonce)) throw DomainError.validation([{ field: 'nonce', message: 'must be the nonce Stripe.js made' }]);
    const { card, reveal } = await this.purchase(principal, intentId);
    if (!card || reveal?.kind !== 'issuing_elements') throw new PurchaseRefused('no_live_card', 'This purchase has no live card to show');
    await this.audit.record({
      actor: principal.auditActor,
      action: 'purchase.card_details_shown',
      subject: { type: 'purchase_intent', id: intentId },
    });
    return this.issuer.ephemeralKey(card.issuerCardId, nonce);
  }

  /** A provider sees the orders placed with it and whether they are paid. */
  invoicesForProvider(principal: Principal, providerId: string): Promise<PurchaseIntent[]> {
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    return this.repository.invoicesForProvider(providerId);
  }

  private async openIntent(principal: Principal, itemId: string, method: PaymentMethodKind): Promise<PurchaseIntent> {
    if (!isUuid(itemId)) throw DomainError.validation([{ field: 'itemId', message: 'must be a UUID' }]);
    const item = await this.plans.lockItem(itemId);
    if (!item) throw DomainError.notFound('That plan item');
    const plan = (await this.plans.findPlan(item.planId))!;
    const holder = (await this.plans.findHolder(plan.holderId))!;
    principal.assertMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
    if (item.status !== ItemStatus.Approved) throw new PurchaseRefused('item_not_approved', 'Only an approved item can be bought');
    const existing = await this.repository.liveIntentForItem(item.id);
    if (existing) throw new PurchaseRefused('already_purchased', `This item already has a ${existing.status} purchase`);
    const committed = await this.budgets.committedFor(plan.budgetId, item.id);
    if (!committed.isPositive()) throw new PurchaseRefused('nothing_committed', 'No money is committed for this item any more');
    const [offering] = item.offeringId ? await this.directory.publicOfferings([item.offeringId]) : [];
    const id = newId();
    const reference = { type: 'plan_item', id: item.id };
    // A card may go over by the area's tolerance only with money the ledger holds for it: commit it now, as much as is available.
    const tolerance =
      method === PaymentMethodKind.Card && this.config.payments.tolerancePence > 0
        ? await this.budgets.commitUpTo({
            budgetId: plan.budgetId,
            amount: Money.ofPence(this.config.payments.tolerancePence),
            idempotencyKey: `intent:${id}:tolerance`,
            reference,
            actor: principal.auditActor,
            note: 'Card tolerance',
          })
        : Money.ZERO;
    return this.repository.insertIntent({
      id,
      planItemId: item.id,
      budgetId: plan.budgetId,
      planId: plan.id,
      brokerOrganisationId: holder.brokerOrganisationId,
      providerOrganisationId: offering?.organisationId ?? null,
      method,
      approved: committed,
      tolerance,
      authorised: Money.ZERO,
      committed: committed.add(tolerance),
      held: Money.ZERO,
      captured: Money.ZERO,
      status: IntentStatus.Open,
      expiresAt: new Date(this.clock.now().getTime() + this.config.payments.cardValidDays * 86_400_000),
      createdBy: principal.userId,
      closedAt: null,
      paymentReference: null,
    });
  }

  /**
   * Ends an open purchase (cancelled by a broker, expired, or its plan closed): its card stops at
   * once; what it has committed is released except what approved card payments still hold, which
   * is released when they are captured or reversed (settleIfDone).
   */
  private async end(intent: PurchaseIntent, actor: AuditActor, why: 'cancelled' | 'expired' | 'plan_closed'): Promise<PurchaseIntent> {
    const card = await this.repository.cardForIntent(intent.id);
    if (card) await this.cards.setStatus(card, CardStatus.Canceled);
    const free = intent.committed.subtract(intent.held);
    if (free.isPositive()) {
      const released = await this.budgets.move({
        budgetId: intent.budgetId,
        kind: MovementKind.Release,
        amount: free,
        idempotencyKey: `intent:${intent.id}:${why}`,
        reference: { type: 'plan_item', id: intent.planItemId },
        actor,
        note: `Purchase ${why.replace('_', ' ')}`,
      });
      if (isMovementFailure(released)) throw new Error(`The ledger refused to release purchase ${intent.id}: ${released.message}`);
    }
    const ended = await this.authorizations.settleIfDone({
      ...intent,
      committed: free.isPositive() ? intent.held : intent.committed,
      status: IntentStatus.Settling,
    });
    await this.audit.record({
      actor,
      action: `purchase.${why}`,
      subject: { type: 'purchase_intent', id: intent.id },
      change: { releasedPence: Math.max(0, free.pence), stillHeldPence: intent.held.pence, status: ended.status },
    });
    return ended;
  }

  private async brokersIntent(principal: Principal, intentId: string): Promise<PurchaseIntent> {
    if (!isUuid(intentId)) throw DomainError.notFound('That purchase');
    const intent = await this.repository.findIntent(intentId);
    if (!intent) throw DomainError.notFound('That purchase');
    principal.assertMemberOf(intent.brokerOrganisationId, Role.BrokerStaff);
    return intent;
  }

  private async lockIntent(principal: Principal, intentId: string): Promise<PurchaseIntent> {
    if (!isUuid(intentId)) throw DomainError.validation([{ field: 'intentId', message: 'must be a UUID' }]);
    const intent = await this.repository.lockIntent(intentId);
    if (!intent) throw DomainError.notFound('That purchase');
    principal.assertMemberOf(intent.brokerOrganisationId, Role.BrokerStaff);
    return intent;
  }

  private async settle(principal: Principal, intentId: string, method: PaymentMethodKind, reference: string): Promise<PurchaseIntent> {
    return this.tx.run(async () => {
      const intent = await this.lockIntent(principal, intentId);
      if (intent.method !== method || intent.status !== IntentStatus.Open)
        throw new PurchaseRefused('purchase_not_open', `This purchase is ${intent.status} by ${intent.method.replace('_', ' ')}`);
      const spent = await this.budgets.move({
        budgetId: intent.budgetId,
        kind: MovementKind.Spend,
        amount: intent.approved,
        idempotencyKey: `intent:${intent.id}:paid`,
        reference: { type: 'plan_item', id: intent.planItemId },
        actor: principal.auditActor,
        note: reference,
      });
      if (isMovementFailure(spent)) throw new Error(`The ledger refused to spend purchase ${intent.id}: ${spent.message}`);
      const now = this.clock.now();
      const changes = {
        status: IntentStatus.Completed,
        closedAt: now,
        paymentReference: reference,
        committed: Money.ZERO,
        captured: intent.approved,
      };
      await this.repository.updateIntent(intent.id, changes);
      await this.authorizations.markFirstPayment(intent.planId);
      await this.authorizations.spendPosted(intent.planId);
      await this.audit.record({
        actor: principal.auditActor,
        action: `purchase.${method}_paid`,
        subject: { type: 'purchase_intent', id: intent.id },
        reason: reference,
        change: { pence: intent.approved.pence },
      });
      await this.notices.paymentMade(intent.planId, intent.planItemId, intent.approved);
      if (method === PaymentMethodKind.Invoice && intent.providerOrganisationId)
        await this.notices.tellProvider(
          intent.providerOrganisationId,
          {
            key: 'invoice.paid',
            params: { number: reference, amount: intent.approved.format() },
            link: `/provider/${intent.providerOrganisationId}/orders/${intent.id}`,
          },
          `invoice-paid:${intent.id}`,
        );
      return { ...intent, ...changes };
    });
  }
}
