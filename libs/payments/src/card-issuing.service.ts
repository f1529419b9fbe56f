import { Injectable, Logger } from '@nestjs/common';
import { AuditLog, OutboxService, SYSTEM_ACTOR, TransactionHost } from '@kinwell/database';
import { PlanLookup } from '@kinwell/plans';
import { BASELINE_BLOCKED_CATEGORIES } from './domain/authorization-rules';
import { CardIssuer, IssuerCard } from './issuers/card-issuer';
import { CardStatus, IntentStatus, IssuedCard, PaymentMethodKind } from './payments.entities';
import { PaymentsRepository } from './payments.repository';

export const CARD_REQUESTED = 'payments.card.requested';
export const CARD_STATUS_CHANGED = 'payments.card.status_changed';

/**
 * The card's life at the issuer. Kinwell's own row is the truth its decisions read; the issuer is
 * told after the transaction commits, through the outbox (delivered at once by the process that
 * wrote it, retried by the worker), with idempotency keys. Nothing here calls the issuer while
 * holding a lock a card decision needs.
 */
@Injectable()
export class CardIssuingService {
  private readonly logger = new Logger(CardIssuingService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: PaymentsRepository,
    private readonly plans: PlanLookup,
    private readonly issuer: CardIssuer,
    private readonly outbox: OutboxService,
    private readonly audit: AuditLog,
  ) {}

  /** In the purchase's transaction: ask for its card once that transaction commits. */
  request(intentId: string): Promise<void> {
    return this.outbox.publish(CARD_REQUESTED, { intentId }, { deliverNow: true });
  }

  /**
   * Creates the purchase's card at the issuer and records it. Safe to repeat: the issuer answers a
   * repeated idempotency key with the same card, and a purchase keeps the first card recorded. If the
   * purchase ended while the card was being made, the card is recorded cancelled and cancelled there.
   */
  async issueFor(intentId: string): Promise<IssuedCard | null> {
    const intent = await this.repository.findIntent(intentId);
    if (!intent || intent.method !== PaymentMethodKind.Card) return null;
    const recorded = await this.repository.cardForIntent(intent.id);
    if (recorded) return recorded;
    if (intent.status !== IntentStatus.Open) return null;
    let cardholder = await this.repository.findCardholder(this.issuer.name, intent.brokerOrganisationId);
    if (!cardholder) {
      const broker = await this.plans.findOrganisation(intent.brokerOrganisationId);
      const id = await this.issuer.createCardholder(
        intent.brokerOrganisationId,
        broker?.name ?? 'Kinwell broker',
        `kinwell-cardholder-${intent.brokerOrganisationId}`,
      );
      await this.repository.insertCardholder({
        issuerCardholderId: id,
        issuer: this.issuer.name,
        brokerOrganisationId: intent.brokerOrganisationId,
      });
      cardholder = (await this.repository.findCardholder(this.issuer.name, intent.brokerOrganisationId))!;
    }
    const limit = intent.approved.add(intent.tolerance);
    const details = await this.issuer.createCard(
      cardholder.issuerCardholderId,
      { intentId: intent.id, limit, allowedCategories: [], blockedCategories: BASELINE_BLOCKED_CATEGORIES },
      `kinwell-card-${intent.id}`,
    );
    return this.record(intent.id, details);
  }

  /** Records a card the issuer made for a purchase; a purchase no longer open gets it cancelled. */
  private record(
    intentId: string,
    details: Pick<IssuerCard, 'issuerCardId' | 'last4' | 'expMonth' | 'expYear'>,
  ): Promise<IssuedCard | null> {
    return this.tx.run(async () => {
      const intent = (await this.repository.lockIntent(intentId))!;
      const open = intent.status === IntentStatus.Open;
      const card = {
        issuerCardId: details.issuerCardId,
        last4: details.last4,
        expMonth: details.expMonth,
        expYear: details.expYear,
        issuer: this.issuer.name,
        intentId: intent.id,
        spendingLimit: intent.approved.add(intent.tolerance),
        allowedCategories: [],
        blockedCategories: BASELINE_BLOCKED_CATEGORIES,
        status: open ? CardStatus.Active : CardStatus.Canceled,
      } as IssuedCard;
      if (!(await this.repository.insertCard(card))) {
        const kept = await this.repository.cardForIntent(intent.id);
        // The issuer made a second card for a purchase that has one: it must not stay live.
        if (kept && kept.issuerCardId !== card.issuerCardId) this.tx.afterCommit(() => this.cancelStray(card.issuerCardId));
        return kept;
      }
      if (!open) await this.outbox.publish(CARD_STATUS_CHANGED, { issuerCardId: card.issuerCardId }, { deliverNow: true });
      await this.audit.record({
        actor: SYSTEM_ACTOR,
        action: 'purchase.card_issued',
        subject: { type: 'purchase_intent', id: intent.id },
        change: { limitPence: card.spendingLimit.pence, last4: card.last4, issuer: this.issuer.name, status: card.status },
      });
      return card;
    });
  }

  /** In the caller's transaction: Kinwell's status changes now (decisions read it), the issuer's after commit. Cancelled is final. */
  async setStatus(card: IssuedCard, status: CardStatus): Promise<IssuedCard> {
    if (card.status === CardStatus.Canceled || card.status === status) return card;
    await this.repository.setCardStatus(card.issuerCardId, status);
    await this.outbox.publish(CARD_STATUS_CHANGED, { issuerCardId: card.issuerCardId }, { deliverNow: true });
    return { ...card, status };
  }

  /** Tells the issuer the card's status as Kinwell holds it now: repeats and reordering converge. */
  async pushStatus(issuerCardId: string): Promise<void> {
    const card = await this.repository.findCard(issuerCardId);
    if (card) await this.issuer.setStatus(card.issuerCardId, card.status);
  }

  /**
   * Compares the issuer's live cards with Kinwell's: a card made for an open purchase that Kinwell
   * never recorded (a crash between the issuer's answer and the commit) is recorded; any other card
   * Kinwell has no record of is cancelled; a card Kinwell froze or cancelled is told again.
   */
  async sweep(): Promise<{ adopted: number; cancelled: number; corrected: number }> {
    const live = await this.issuer.liveCards();
    const known = new Map((await this.repository.cardsByIds(live.map((c) => c.issuerCardId))).map((c) => [c.issuerCardId, c]));
    const outcome = { adopted: 0, cancelled: 0, corrected: 0 };
    for (const card of live) {
      const mine = known.get(card.issuerCardId);
      if (mine) {
        if (mine.status !== (card.status as CardStatus)) {
          await this.issuer.setStatus(card.issuerCardId, mine.status);
          outcome.corrected++;
        }
        continue;
      }
      const recorded =
        card.intentId && /^[0-9a-f-]{36}$/i.test(card.intentId) ? await this.record(card.intentId, card).catch(() => null) : null;
      if (recorded?.issuerCardId === card.issuerCardId && recorded.status === CardStatus.Active) {
        outcome.adopted++;
      } else if (recorded?.issuerCardId !== card.issuerCardId) {
        await this.cancelStray(card.issuerCardId);
        outcome.cancelled++;
      } else {
        outcome.cancelled++;
      }
    }
    if (outcome.adopted || outcome.cancelled || outcome.corrected) this.logger.warn(`Card sweep: ${JSON.stringify(outcome)}`);
    return outcome;
  }

  private async cancelStray(issuerCardId: string): Promise<void> {
    await this.issuer.setStatus(issuerCardId, 'canceled');
    await this.audit.record({
      actor: SYSTEM_ACTOR,
      action: 'purchase.stray_card_cancelled',
      subject: { type: 'issued_card', id: issuerCardId },
    });
  }
}
