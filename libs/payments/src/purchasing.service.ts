import { Injectable } from '@nestjs/common';
import { BudgetsService, isMovementFailure, MovementKind } from '@kinwell/budgets';
import { AppConfig } from '@kinwell/config';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { DirectoryRepository } from '@kinwell/directory';
import { Clock, DomainError, isUuid, Money, newId } from '@kinwell/kernel';
import { Principal, Role } from '@kinwell/identity';
import { ItemStatus, PlansRepository } from '@kinwell/plans';
import { In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CardAuthorizationsService } from './card-authorizations.service';
import { BASELINE_BLOCKED_CATEGORIES } from './domain/authorization-rules';
import { CardIssuer } from './issuers/card-issuer';
import { CardStatus, CardTransactionKind, IntentStatus, IssuedCard, IssuerCardholder, PaymentMethodKind, PurchaseIntent } from './payments.entities';

/**
 * Buying approved plan items: a single-use card, an invoice to a listed provider, or a
 * direct payment to the holder. The money was committed when the item was approved;
 * paying spends it, cancelling releases it.
 */
@Injectable()
export class PurchasingService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly plans: PlansRepository,
    private readonly budgets: BudgetsService,
    private readonly directory: DirectoryRepository,
    private readonly issuer: CardIssuer,
    private readonly authorizations: CardAuthorizationsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Issues a single-use virtual card for an approved item: limit = the approved amount. */
  async buyWithCard(principal: Principal, itemId: string): Promise<{ intent: PurchaseIntent; card: IssuedCard }> {
    return this.tx.run(async (m) => {
      const { intent, brokerName } = await this.openIntent(principal, itemId, PaymentMethodKind.Card);
      let cardholder = await m.findOne(IssuerCardholder, { where: { issuer: this.issuer.name, brokerOrganisationId: intent.brokerOrganisationId } });
      if (!cardholder) {
        const id = await this.issuer.createCardholder(intent.brokerOrganisationId, brokerName);
        cardholder = await m.save(IssuerCardholder, { issuerCardholderId: id, issuer: this.issuer.name, brokerOrganisationId: intent.brokerOrganisationId });
      }
      const limit = intent.approved.add(intent.tolerance);
      const details = await this.issuer.createCard(cardholder.issuerCardholderId, { intentId: intent.id, limit, allowedCategories: [], blockedCategories: BASELINE_BLOCKED_CATEGORIES });
      const card = await m.save(IssuedCard, {
        ...details,
        issuer: this.issuer.name,
        intentId: intent.id,
        spendingLimit: limit,
        allowedCategories: [],
        blockedCategories: BASELINE_BLOCKED_CATEGORIES,
        status: CardStatus.Active,
      } as QueryDeepPartialEntity<IssuedCard> as IssuedCard);
      await this.audit.record({ actor: principal.auditActor, action: 'purchase.card_issued', subject: { type: 'purchase_intent', id: intent.id }, change: { limitPence: limit.pence, last4: card.last4, issuer: this.issuer.name } });
      return { intent, card };
    });
  }

  /** Orders from a listed provider, to be paid against their invoice by bank transfer. */
  async orderByInvoice(principal: Principal, itemId: string): Promise<PurchaseIntent> {
    return this.tx.run(async () => {
      const { intent } = await this.openIntent(principal, itemId, PaymentMethodKind.Invoice);
      if (!intent.providerOrganisationId) throw DomainError.validation([{ field: 'itemId', message: 'invoices go to listed providers: this item is not a directory offering' }]);
      await this.audit.record({ actor: principal.auditActor, action: 'purchase.ordered_by_invoice', subject: { type: 'purchase_intent', id: intent.id }, change: { providerId: intent.providerOrganisationId, pence: intent.approved.pence } });
      return intent;
    });
  }

  /** Records the provider's invoice as paid: the money is spent. */
  async markInvoicePaid(principal: Principal, intentId: string, paymentReference: string): Promise<PurchaseIntent> {
    if (paymentReference.trim().length < 3) throw DomainError.validation([{ field: 'paymentReference', message: 'give the invoice or payment reference' }]);
    return this.settle(principal, intentId, PaymentMethodKind.Invoice, paymentReference.trim());
  }

  /** Pays the item's amount to the holder, who will show what they spent it on. */
  async payDirect(principal: Principal, itemId: string, paymentReference: string): Promise<PurchaseIntent> {
    if (paymentReference.trim().length < 3) throw DomainError.validation([{ field: 'paymentReference', message: 'give the bank payment reference' }]);
    return this.tx.run(async () => {
      const { intent } = await this.openIntent(principal, itemId, PaymentMethodKind.DirectPayment);
      return this.settle(principal, intent.id, PaymentMethodKind.DirectPayment, paymentReference.trim());
    });
  }

  /** Cancels an open purchase: the card stops working and the money returns to what is available. */
  async cancel(principal: Principal, intentId: string): Promise<PurchaseIntent> {
    return this.tx.run(async () => {
      const intent = await this.lockIntent(principal, intentId);
      if (intent.status !== IntentStatus.Open) throw new DomainError('CONFLICT', `This purchase is already ${intent.status}`);
      await this.closeOpen(intent, principal.auditActor, 'cancelled');
      return { ...intent, status: IntentStatus.Cancelled };
    });
  }

  /** Worker job: open purchases past their expiry are cancelled and their money released. */
  async expireOverdue(): Promise<number> {
    const overdue = await this.tx.manager.query(`SELECT id FROM purchase_intent WHERE status = 'open' AND expires_at <= $1 ORDER BY expires_at LIMIT 100`, [this.clock.now()]);
    for (const { id } of overdue as Array<{ id: string }>) {
      await this.tx.run(async (m) => {
        const intent = await m.createQueryBuilder(PurchaseIntent, 'i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
        if (!intent || intent.status !== IntentStatus.Open) return;
        await this.closeOpen(intent, { userId: null, label: 'system' }, 'expired');
      });
    }
    return overdue.length;
  }

  async setCardFrozen(principal: Principal, intentId: string, frozen: boolean): Promise<IssuedCard> {
    return this.tx.run(async (m) => {
      const intent = await this.lockIntent(principal, intentId);
      const card = await m.findOne(IssuedCard, { where: { intentId: intent.id } });
      if (!card || card.status === CardStatus.Canceled) throw new DomainError('CONFLICT', 'There is no live card for this purchase');
      const status = frozen ? CardStatus.Inactive : CardStatus.Active;
      await this.issuer.setStatus(card.issuerCardId, status);
      await m.update(IssuedCard, card.issuerCardId, { status });
      await this.audit.record({ actor: principal.auditActor, action: frozen ? 'purchase.card_frozen' : 'purchase.card_unfrozen', subject: { type: 'purchase_intent', id: intent.id } });
      return { ...card, status };
    });
  }

  /** Sandbox only: a purchase at a merchant, through the same decision and posting as Stripe's. */
  async simulateCardPurchase(principal: Principal, intentId: string, merchantName: string, merchantCategory: string, amount: Money): Promise<{ approved: boolean; reason: string | null }> {
    if (this.issuer.name !== 'sandbox') throw new DomainError('NOT_AVAILABLE', 'Purchases can only be simulated with the sandbox card issuer');
    const intent = await this.tx.run(() => this.lockIntent(principal, intentId));
    const card = await this.tx.manager.findOne(IssuedCard, { where: { intentId: intent.id } });
    if (!card) throw DomainError.notFound('A card for that purchase');
    const suffix = newId().replace(/-/g, '').slice(0, 16);
    const decision = await this.authorizations.authorize({ issuerAuthorizationId: `iauth_sandbox_${suffix}`, issuerCardId: card.issuerCardId, amount, merchantName, merchantCategory });
    if (decision.approved) {
      await this.authorizations.post({ issuerTransactionId: `ipi_sandbox_${suffix}`, issuerCardId: card.issuerCardId, issuerAuthorizationId: `iauth_sandbox_${suffix}`, kind: CardTransactionKind.Capture, amount, merchantName, merchantCategory });
    }
    return decision;
  }

  intentsForItems(itemIds: string[]): Promise<PurchaseIntent[]> {
    return itemIds.length ? this.tx.manager.find(PurchaseIntent, { where: { planItemId: In(itemIds) }, order: { createdAt: 'DESC' } }) : Promise.resolve([]);
  }

  cardFor(intentId: string): Promise<IssuedCard | null> {
    return this.tx.manager.findOne(IssuedCard, { where: { intentId } });
  }

  /** A provider sees the orders placed with it and whether they are paid. */
  invoicesForProvider(principal: Principal, providerId: string): Promise<PurchaseIntent[]> {
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    return this.tx.manager.find(PurchaseIntent, { where: { providerOrganisationId: providerId, method: PaymentMethodKind.Invoice }, order: { createdAt: 'DESC' } });
  }

  private async openIntent(principal: Principal, itemId: string, method: PaymentMethodKind): Promise<{ intent: PurchaseIntent; brokerName: string }> {
    if (!isUuid(itemId)) throw DomainError.validation([{ field: 'itemId', message: 'must be a UUID' }]);
    const item = await this.plans.lockItem(itemId);
    if (!item) throw DomainError.notFound('That plan item');
    const plan = (await this.plans.findPlan(item.planId))!;
    const holder = (await this.plans.findHolder(plan.holderId))!;
    principal.assertMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
    if (item.status !== ItemStatus.Approved) throw new DomainError('CONFLICT', 'Only an approved item can be bought');
    const existing = await this.tx.manager.findOne(PurchaseIntent, { where: { planItemId: item.id, status: In([IntentStatus.Open, IntentStatus.Completed]) } });
    if (existing) throw new DomainError('CONFLICT', `This item already has a ${existing.status} purchase`);
    const committed = await this.budgets.committedFor(plan.budgetId, item.id);
    if (!committed.isPositive()) throw new DomainError('CONFLICT', 'No money is committed for this item any more');
    const [offering] = item.offeringId ? await this.directory.publicOfferings([item.offeringId]) : [];
    const broker = (await this.plans.findOrganisation(holder.brokerOrganisationId))!;
    const intent = await this.tx.manager.save(PurchaseIntent, {
      planItemId: item.id,
      budgetId: plan.budgetId,
      planId: plan.id,
      brokerOrganisationId: holder.brokerOrganisationId,
      providerOrganisationId: offering?.organisationId ?? null,
      method,
      approved: committed,
      tolerance: method === PaymentMethodKind.Card ? Money.ofPence(this.config.payments.tolerancePence) : Money.ZERO,
      authorised: Money.ZERO,
      status: IntentStatus.Open,
      expiresAt: new Date(this.clock.now().getTime() + this.config.payments.cardValidDays * 86_400_000),
      createdBy: principal.userId,
      closedAt: null,
      paymentReference: null,
    } as QueryDeepPartialEntity<PurchaseIntent> as PurchaseIntent);
    return { intent, brokerName: broker.name };
  }

  /** Cancels an open purchase (by a broker, or on expiry): the card stops, the commitment is released. */
  private async closeOpen(intent: PurchaseIntent, actor: { userId: string | null; label: string }, why: 'cancelled' | 'expired'): Promise<void> {
    const m = this.tx.manager;
    const committed = await this.budgets.committedFor(intent.budgetId, intent.planItemId);
    if (committed.isPositive()) {
      await this.budgets.move({ budgetId: intent.budgetId, kind: MovementKind.Release, amount: committed, idempotencyKey: `intent:${intent.id}:${why}`, reference: { type: 'plan_item', id: intent.planItemId }, actor, note: `Purchase ${why}` });
    }
    await m.update(PurchaseIntent, intent.id, { status: IntentStatus.Cancelled, closedAt: this.clock.now() });
    const card = await m.findOne(IssuedCard, { where: { intentId: intent.id } });
    if (card) {
      await m.update(IssuedCard, card.issuerCardId, { status: CardStatus.Canceled });
      await this.issuer.setStatus(card.issuerCardId, 'canceled');
    }
    await this.audit.record({ actor, action: `purchase.${why}`, subject: { type: 'purchase_intent', id: intent.id }, change: { releasedPence: committed.pence } });
  }

  private async lockIntent(principal: Principal, intentId: string): Promise<PurchaseIntent> {
    if (!isUuid(intentId)) throw DomainError.validation([{ field: 'intentId', message: 'must be a UUID' }]);
    const intent = await this.tx.manager.createQueryBuilder(PurchaseIntent, 'i').setLock('pessimistic_write').where('i.id = :id', { id: intentId }).getOne();
    if (!intent) throw DomainError.notFound('That purchase');
    principal.assertMemberOf(intent.brokerOrganisationId, Role.BrokerStaff);
    return intent;
  }

  private async settle(principal: Principal, intentId: string, method: PaymentMethodKind, reference: string): Promise<PurchaseIntent> {
    return this.tx.run(async (m) => {
      const intent = await this.lockIntent(principal, intentId);
      if (intent.method !== method || intent.status !== IntentStatus.Open) throw new DomainError('CONFLICT', `This purchase is ${intent.status} by ${intent.method.replace('_', ' ')}`);
      const spent = await this.budgets.move({ budgetId: intent.budgetId, kind: MovementKind.Spend, amount: intent.approved, idempotencyKey: `intent:${intent.id}:paid`, reference: { type: 'plan_item', id: intent.planItemId }, actor: principal.auditActor, note: reference });
      if (isMovementFailure(spent)) throw new DomainError('CONFLICT', spent.message);
      const now = this.clock.now();
      await m.update(PurchaseIntent, intent.id, { status: IntentStatus.Completed, closedAt: now, paymentReference: reference });
      await this.authorizations.markFirstPayment(intent.planId);
      await this.audit.record({ actor: principal.auditActor, action: `purchase.${method}_paid`, subject: { type: 'purchase_intent', id: intent.id }, reason: reference, change: { pence: intent.approved.pence } });
      return { ...intent, status: IntentStatus.Completed, closedAt: now, paymentReference: reference };
    });
  }
}
