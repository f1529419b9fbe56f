import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Money } from '@kinwell/kernel';
import { In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  CardAuthorization,
  CardHold,
  CardStatus,
  CardTransaction,
  CardTransactionKind,
  IntentStatus,
  IssuedCard,
  IssuerCardholder,
  PaymentMethodKind,
  PurchaseIntent,
} from './payments.entities';
import type { DeclineCode } from './domain/authorization-rules';

export interface DecisionContext {
  card: { status: string; blockedCategories: string[]; allowedCategories: string[] };
  intent: { id: string; status: string; expiresAt: Date; committed: Money; held: Money };
}

export interface DecisionToRecord {
  issuerAuthorizationId: string;
  requestSeq: number;
  issuerCardId: string;
  intentId: string | null;
  amount: Money;
  merchantName: string;
  merchantCategory: string;
  /** The pure rules' answer; the statement approves only if the money is still there too. */
  approvable: boolean;
  /** Why, if it ends up declined. */
  declineReason: string;
  declineCode: DeclineCode;
  now: Date;
}

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION;
}

/** The payments context's SQL: purchases, cards, authorisations and transactions. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  // ---- the real-time decision -------------------------------------------------------------

  /** One unlocked read for the rules; the money is checked again under the lock by recordDecision. */
  async decisionContext(issuerCardId: string): Promise<DecisionContext | null> {
    const [row]: Array<Record<string, unknown>> = await this.m.query(
      `SELECT c.status AS card_status, c.blocked_categories, c.allowed_categories, i.id, i.status, i.expires_at, i.committed_pence, i.held_pence
         FROM issued_card c JOIN purchase_intent i ON i.id = c.intent_id WHERE c.issuer_card_id = $1`,
      [issuerCardId],
    );
    if (!row) return null;
    return {
      card: {
        status: row.card_status as string,
        blockedCategories: row.blocked_categories as string[],
        allowedCategories: row.allowed_categories as string[],
      },
      intent: {
        id: row.id as string,
        status: row.status as string,
        expiresAt: row.expires_at as Date,
        committed: Money.ofPence(row.committed_pence as string),
        held: Money.ofPence(row.held_pence as string),
      },
    };
  }

  /**
   * Reserves the amount and records the decision in one statement, so the purchase row is locked
   * only while that statement runs. It approves only if the purchase is open, unexpired, its card
   * active, and what is committed less what is already held covers the amount. A second copy of the
   * same request fails the primary key, which rolls the reservation back with it (isUniqueViolation).
   */
  async recordDecision(d: DecisionToRecord): Promise<{ approved: boolean; declineReason: string | null }> {
    const [row]: Array<{ approved: boolean; decline_reason: string | null }> = await this.m.query(
      `WITH reserved AS (
         UPDATE purchase_intent i SET held_pence = i.held_pence + $5, authorised_pence = i.authorised_pence + $5
          WHERE $8::boolean AND i.id = $4::uuid AND i.status = 'open' AND i.expires_at > $10 AND i.committed_pence - i.held_pence >= $5
            AND EXISTS (SELECT 1 FROM issued_card c WHERE c.issuer_card_id = $3 AND c.intent_id = i.id AND c.status = 'active')
         RETURNING i.id),
       decision AS (
         INSERT INTO card_authorization (issuer_authorization_id, request_seq, issuer_card_id, intent_id, amount_pence, merchant_name, merchant_category, approved, decline_reason, decline_code, decided_at)
         SELECT $1, $2, $3, $4::uuid, $5, $6, $7, r.ok, CASE WHEN r.ok THEN NULL ELSE $9 END, CASE WHEN r.ok THEN NULL ELSE $11 END, $10
           FROM (SELECT EXISTS (SELECT 1 FROM reserved) AS ok) r
         RETURNING approved, decline_reason),
       hold AS (
         INSERT INTO card_hold (issuer_authorization_id, intent_id, held_pence)
         SELECT $1, $4::uuid, $5 FROM decision WHERE approved
         ON CONFLICT (issuer_authorization_id) DO UPDATE SET held_pence = card_hold.held_pence + EXCLUDED.held_pence)
       SELECT approved, decline_reason FROM decision`,
      [
        d.issuerAuthorizationId,
        d.requestSeq,
        d.issuerCardId,
        d.intentId,
        d.amount.pence,
        d.merchantName.slice(0, 200),
        d.merchantCategory.slice(0, 100),
        d.approvable,
        d.declineReason,
        d.now,
        d.declineCode,
      ],
    );
    return { approved: row.approved, declineReason: row.decline_reason };
  }

  findDecision(issuerAuthorizationId: string, requestSeq: number): Promise<CardAuthorization | null> {
    return this.m.findOne(CardAuthorization, { where: { issuerAuthorizationId, requestSeq } });
  }

  // ---- purchases --------------------------------------------------------------------------

  lockIntent(id: string): Promise<PurchaseIntent | null> {
    return this.m.createQueryBuilder(PurchaseIntent, 'i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
  }

  findIntent(id: string): Promise<PurchaseIntent | null> {
    return this.m.findOne(PurchaseIntent, { where: { id } });
  }

  insertIntent(intent: Omit<PurchaseIntent, 'createdAt'>): Promise<PurchaseIntent> {
    return this.m.save(PurchaseIntent, intent as QueryDeepPartialEntity<PurchaseIntent> as PurchaseIntent);
  }

  async updateIntent(id: string, changes: Partial<PurchaseIntent>): Promise<void> {
    await this.m.update(PurchaseIntent, id, changes);
  }

  liveIntentForItem(planItemId: string): Promise<PurchaseIntent | null> {
    return this.m.findOne(PurchaseIntent, {
      where: { planItemId, status: In([IntentStatus.Open, IntentStatus.Settling, IntentStatus.Completed]) },
    });
  }

  /** Purchases of a plan that have not finished, locked, oldest first (a fixed order, so no deadlocks). */
  lockUnfinishedIntentsOfPlan(planId: string): Promise<PurchaseIntent[]> {
    return this.m
      .createQueryBuilder(PurchaseIntent, 'i')
      .setLock('pessimistic_write')
      .where('i.plan_id = :planId AND i.status IN (:...statuses)', { planId, statuses: [IntentStatus.Open, IntentStatus.Settling] })
      .orderBy('i.id')
      .getMany();
  }

  async overdueIntentIds(now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.m.query(
      `SELECT id FROM purchase_intent WHERE status = 'open' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  intentsForItems(itemIds: string[]): Promise<PurchaseIntent[]> {
    return itemIds.length
      ? this.m.find(PurchaseIntent, { where: { planItemId: In(itemIds) }, order: { createdAt: 'DESC' } })
      : Promise.resolve([]);
  }

  invoicesForProvider(providerId: string): Promise<PurchaseIntent[]> {
    return this.m.find(PurchaseIntent, {
      where: { providerOrganisationId: providerId, method: PaymentMethodKind.Invoice },
      order: { createdAt: 'DESC' },
    });
  }

  // ---- cards -----------------------------------------------------------------------------

  findCardholder(issuer: string, brokerOrganisationId: string): Promise<IssuerCardholder | null> {
    return this.m.findOne(IssuerCardholder, { where: { issuer, brokerOrganisationId } });
  }

  async insertCardholder(cardholder: IssuerCardholder): Promise<void> {
    await this.m.query(
      `INSERT INTO issuer_cardholder (issuer_cardholder_id, issuer, broker_organisation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [cardholder.issuerCardholderId, cardholder.issuer, cardholder.brokerOrganisationId],
    );
  }

  cardForIntent(intentId: string): Promise<IssuedCard | null> {
    return this.m.findOne(IssuedCard, { where: { intentId } });
  }

  findCard(issuerCardId: string): Promise<IssuedCard | null> {
    return this.m.findOne(IssuedCard, { where: { issuerCardId } });
  }

  cardsByIds(issuerCardIds: string[]): Promise<IssuedCard[]> {
    return issuerCardIds.length ? this.m.find(IssuedCard, { where: { issuerCardId: In(issuerCardIds) } }) : Promise.resolve([]);
  }

  /** False when the purchase already has a card (a retry, or the sweep got there first). */
  async insertCard(card: IssuedCard): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `INSERT INTO issued_card (issuer_card_id, issuer, intent_id, last4, exp_month, exp_year, spending_limit_pence, allowed_categories, blocked_categories, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING issuer_card_id`,
      [
        card.issuerCardId,
        card.issuer,
        card.intentId,
        card.last4,
        card.expMonth,
        card.expYear,
        card.spendingLimit.pence,
        card.allowedCategories,
        card.blockedCategories,
        card.status,
      ],
    );
    return rows.length > 0;
  }

  async setCardStatus(issuerCardId: string, status: CardStatus): Promise<void> {
    await this.m.update(IssuedCard, issuerCardId, { status });
  }

  liveCardsOfPlan(planId: string): Promise<IssuedCard[]> {
    return this.m
      .createQueryBuilder(IssuedCard, 'c')
      .innerJoin(PurchaseIntent, 'i', 'i.id = c.intent_id')
      .where('i.plan_id = :planId AND c.status = :status', { planId, status: CardStatus.Active })
      .getMany();
  }

  // ---- holds and transactions ---------------------------------------------------------------

  /** What the authorisation still holds, locked (after its purchase, always: one lock order). */
  lockHold(issuerAuthorizationId: string): Promise<CardHold | null> {
    return this.m
      .createQueryBuilder(CardHold, 'h')
      .setLock('pessimistic_write')
      .where('h.issuer_authorization_id = :id', { id: issuerAuthorizationId })
      .getOne();
  }

  async intentOfAuthorization(issuerAuthorizationId: string): Promise<string | null> {
    const [row]: Array<{ intent_id: string }> = await this.m.query('SELECT intent_id FROM card_hold WHERE issuer_authorization_id = $1', [
      issuerAuthorizationId,
    ]);
    return row?.intent_id ?? null;
  }

  async setHeld(issuerAuthorizationId: string, held: Money): Promise<void> {
    await this.m.update(CardHold, { issuerAuthorizationId }, { held });
  }

  /** Card transactions are append-only: each is written once, with the part posted to the ledger. False if it was there already. */
  async insertTransaction(t: CardTransaction): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `INSERT INTO card_transaction (issuer_transaction_id, issuer_card_id, issuer_authorization_id, intent_id, kind, amount_pence, merchant_name, merchant_category, occurred_at, posted_pence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING issuer_transaction_id`,
      [
        t.issuerTransactionId,
        t.issuerCardId,
        t.issuerAuthorizationId,
        t.intentId,
        t.kind,
        t.amount.pence,
        t.merchantName.slice(0, 200),
        t.merchantCategory.slice(0, 100),
        t.occurredAt,
        t.posted.pence,
      ],
    );
    return rows.length > 0;
  }

  hasTransaction(issuerTransactionId: string): Promise<boolean> {
    return this.m.exists(CardTransaction, { where: { issuerTransactionId } });
  }

  /** Card money Kinwell has not posted to a plan's ledger: each waits for a person to resolve it. */
  unpostedForPlan(
    planId: string,
  ): Promise<
    Array<{ issuerTransactionId: string; kind: CardTransactionKind; amount: Money; posted: Money; itemId: string; merchantName: string }>
  > {
    return this.m
      .query(
        `SELECT t.issuer_transaction_id, t.kind, t.amount_pence, t.posted_pence, i.plan_item_id, t.merchant_name
           FROM card_transaction t JOIN purchase_intent i ON i.id = t.intent_id
          WHERE i.plan_id = $1 AND t.posted_pence < t.amount_pence`,
        [planId],
      )
      .then((rows: Array<Record<string, string>>) =>
        rows.map((r) => ({
          issuerTransactionId: r.issuer_transaction_id,
          kind: r.kind as CardTransactionKind,
          amount: Money.ofPence(r.amount_pence),
          posted: Money.ofPence(r.posted_pence),
          itemId: r.plan_item_id,
          merchantName: r.merchant_name,
        })),
      );
  }

  /** Records an issuer event's id; false when it was seen before (Stripe delivers at least once). */
  async rememberEvent(eventId: string, type: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      'INSERT INTO issuer_event (event_id, type, received_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
      [eventId, type, at],
    );
    return rows.length > 0;
  }
}
