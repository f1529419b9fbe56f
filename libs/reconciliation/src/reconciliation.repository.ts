import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Money } from '@kinwell/kernel';
import {
  ExceptionResolution,
  ExceptionStatus,
  Receipt,
  ReportedSpend,
  SpendException,
  SpendRecovery,
  StatementPeriod,
} from './reconciliation.entities';

/** One payment from a plan's budget as reconciliation sees it: the ledger row and what is known about it. */
export interface SpendRow {
  id: string;
  kind: string;
  item_id: string | null;
  pence: string;
  occurred_at: Date;
  key: string;
  txn: string | null;
  merchant: string | null;
  category: string | null;
  method: string | null;
  offering_id: string | null;
  receipt: boolean;
}

/** A payment whose receipt is still missing, with who to remind. */
export interface OverdueSpend {
  spend_ref: string;
  plan_id: string;
  age_days: number;
  pence: string;
  holder_user: string | null;
  broker_id: string;
}

export interface BlockedAttemptRow {
  id: string;
  item_id: string;
  category: string;
  reason: string;
}

/**
 * Reconciliation's SQL. It also reads the ledger, card transactions and purchases of other
 * contexts, as a read model: reconciliation never writes their tables.
 */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  /** One reconciliation of a plan at a time, until the surrounding transaction ends. */
  async lockPlan(planId: string): Promise<void> {
    await this.m.query(`SELECT pg_advisory_xact_lock(hashtextextended('reconcile:' || $1, 0))`, [planId]);
  }

  /** The last day of the last closed statement period, or null. */
  async closedThrough(planId: string): Promise<string | null> {
    const [{ closed }]: Array<{ closed: string | null }> = await this.m.query(
      'SELECT max(period_end)::text AS closed FROM statement_period WHERE plan_id = $1',
      [planId],
    );
    return closed;
  }

  async replaceGoalMatches(
    planId: string,
    matches: Array<{ spendId: string; itemId: string; goalId: string; pence: number }>,
  ): Promise<void> {
    await this.m.query('DELETE FROM spend_goal_match WHERE plan_id = $1', [planId]);
    for (let i = 0; i < matches.length; i += 1000) {
      const slice = matches.slice(i, i + 1000);
      await this.m.query(
        `INSERT INTO spend_goal_match (plan_id, spend_ref, item_id, goal_id, pence) SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::bigint[])`,
        [planId, slice.map((x) => x.spendId), slice.map((x) => x.itemId), slice.map((x) => x.goalId), slice.map((x) => x.pence)],
      );
    }
  }

  /** Open exceptions a run no longer finds (a receipt arrived, spending was reported) are closed, with a note. */
  async closeExceptionsNotIn(planId: string, found: Array<{ spendId: string; kind: string }>, now: Date): Promise<void> {
    await this.m.query(
      `UPDATE spend_exception SET status = 'resolved', resolution = 'accept', note = 'No longer applies when reconciled again', resolved_at = $4
        WHERE plan_id = $1 AND status = 'open' AND (spend_ref, kind) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [planId, found.map((e) => e.spendId), found.map((e) => e.kind), now],
    );
  }

  /** New exceptions open; one closed automatically but back again reopens; a person's resolution stands. */
  /** Records the exceptions found; returns those raised for the first time. */
  async upsertExceptions(
    planId: string,
    exceptions: Array<{ spendId: string; kind: string; detail: string }>,
  ): Promise<Array<{ id: string; detail: string }>> {
    if (!exceptions.length) return [];
    const rows: Array<{ id: string; detail: string; inserted: boolean }> = await this.m.query(
      `INSERT INTO spend_exception (id, plan_id, spend_ref, kind, detail, status) SELECT gen_random_uuid(), $1, * , 'open' FROM unnest($2::text[], $3::text[], $4::text[])
       ON CONFLICT ON CONSTRAINT uq_spend_exception DO UPDATE SET detail = EXCLUDED.detail,
         status = CASE WHEN spend_exception.resolved_by IS NULL THEN 'open'::spend_exception_status ELSE spend_exception.status END,
         resolution = CASE WHEN spend_exception.resolved_by IS NULL THEN NULL ELSE spend_exception.resolution END,
         note = CASE WHEN spend_exception.resolved_by IS NULL THEN NULL ELSE spend_exception.note END
       RETURNING id, detail, (xmax = 0) AS inserted`,
      [planId, exceptions.map((e) => e.spendId), exceptions.map((e) => e.kind), exceptions.map((e) => e.detail)],
    );
    return rows.filter((r) => r.inserted);
  }

  lockedException(id: string): Promise<SpendException | null> {
    return this.m.createQueryBuilder(SpendException, 'e').setLock('pessimistic_write').where('e.id = :id', { id }).getOne();
  }

  async updateException(id: string, changes: Partial<SpendException>): Promise<void> {
    await this.m.update(SpendException, id, changes);
  }

  openExceptions(planId: string): Promise<SpendException[]> {
    return this.m.find(SpendException, { where: { planId, status: ExceptionStatus.Open }, order: { createdAt: 'ASC' } });
  }

  /** A receipt arrived: the spend's missing-receipt exception is resolved by it. */
  async resolveMissingReceipt(planId: string, spendRef: string, by: string, at: Date): Promise<void> {
    await this.m.update(
      SpendException,
      { planId, spendRef, kind: 'missing_receipt', status: ExceptionStatus.Open },
      {
        status: ExceptionStatus.Resolved,
        resolution: ExceptionResolution.Accept,
        note: 'Receipt attached',
        resolvedBy: by,
        resolvedAt: at,
      },
    );
  }

  saveRecovery(recovery: Omit<SpendRecovery, 'id'>): Promise<SpendRecovery> {
    return this.m.save(SpendRecovery, recovery);
  }

  lockedRecovery(id: string): Promise<SpendRecovery | null> {
    return this.m.findOne(SpendRecovery, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updateRecovery(id: string, changes: Partial<SpendRecovery>): Promise<void> {
    await this.m.update(SpendRecovery, id, changes);
  }

  recoveries(planId: string): Promise<SpendRecovery[]> {
    return this.m.find(SpendRecovery, { where: { planId }, order: { raisedAt: 'ASC' } });
  }

  findException(id: string): Promise<SpendException | null> {
    return this.m.findOne(SpendException, { where: { id } });
  }

  /** The open exceptions of every plan these brokers hold, oldest first, with whose plan each is. */
  openExceptionsOfBrokers(brokerIds: readonly string[]): Promise<Array<SpendException & { holderName: string }>> {
    if (!brokerIds.length) return Promise.resolve([]);
    return this.m
      .createQueryBuilder(SpendException, 'e')
      .innerJoin('support_plan', 'p', 'p.id = e.plan_id')
      .innerJoin('holder', 'h', 'h.id = p.holder_id')
      .where('h.broker_organisation_id IN (:...brokerIds)', { brokerIds: [...brokerIds] })
      .andWhere('e.status = :open', { open: ExceptionStatus.Open })
      .addSelect('h.preferred_name', 'holder_name')
      .orderBy('e.createdAt', 'ASC')
      .getRawAndEntities()
      .then(({ entities, raw }: { entities: SpendException[]; raw: Array<{ holder_name: string; e_id: string }> }) =>
        entities.map((e) => ({ ...e, holderName: raw.find((r) => r.e_id === e.id)?.holder_name ?? '' })),
      );
  }

  savePeriod(period: Omit<StatementPeriod, 'id'>): Promise<StatementPeriod> {
    return this.m.save(StatementPeriod, period);
  }

  periods(planId: string): Promise<StatementPeriod[]> {
    return this.m.find(StatementPeriod, { where: { planId }, order: { periodEnd: 'ASC' } });
  }

  /** Whether a ledger row is a payment (or refund) from this budget. */
  async isSpendOf(budgetId: string, spendRef: string): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `SELECT 1 FROM budget_movement WHERE id::text = $1 AND budget_id = $2 AND kind IN ('spend', 'refund')`,
      [spendRef, budgetId],
    );
    return rows.length > 0;
  }

  saveReceipt(receipt: Omit<Receipt, 'id'>): Promise<Receipt> {
    return this.m.save(Receipt, receipt);
  }

  /** Whether the item was paid to the holder as a direct payment. */
  async isPaidDirectly(planId: string, itemId: string): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `SELECT 1 FROM purchase_intent WHERE plan_id = $1 AND plan_item_id = $2 AND method = 'direct_payment' AND status = 'completed'`,
      [planId, itemId],
    );
    return rows.length > 0;
  }

  saveReportedSpend(spend: Omit<ReportedSpend, 'id' | 'createdAt'>): Promise<ReportedSpend> {
    return this.m.save(ReportedSpend, spend as ReportedSpend);
  }

  /** What the matches say was spent on each goal. */
  async spentByGoal(planId: string): Promise<Map<string, Money>> {
    const rows: Array<{ goal_id: string; pence: string }> = await this.m.query(
      'SELECT goal_id, sum(pence)::text AS pence FROM spend_goal_match WHERE plan_id = $1 GROUP BY goal_id',
      [planId],
    );
    return new Map(rows.map((r) => [r.goal_id, Money.ofPence(r.pence)]));
  }

  /** Every payment and refund from the budget, with its card transaction, purchase method and evidence. */
  spendRows(budgetId: string): Promise<SpendRow[]> {
    return this.m.query(
      `SELECT m.id, m.kind::text AS kind, m.reference_id AS item_id, m.amount_pence::text AS pence, m.occurred_at, m.idempotency_key AS key,
                ct.issuer_transaction_id AS txn, ct.merchant_name AS merchant, ct.merchant_category AS category,
                (SELECT pi.method::text FROM purchase_intent pi WHERE pi.plan_item_id = m.reference_id AND pi.status = 'completed' LIMIT 1) AS method,
                i.offering_id,
                EXISTS (SELECT 1 FROM receipt r WHERE r.spend_ref = m.id::text)
                  -- A direct payment is evidenced once the holder has reported spending that covers it.
                  OR coalesce((SELECT sum(rs.amount_pence) FROM reported_spend rs WHERE rs.item_id = m.reference_id), 0) >= m.amount_pence AS receipt
           FROM budget_movement m
           LEFT JOIN card_transaction ct ON m.idempotency_key = 'card_txn:' || ct.issuer_transaction_id
           LEFT JOIN plan_item i ON i.id = m.reference_id
          WHERE m.budget_id = $1 AND m.kind IN ('spend', 'refund')`,
      [budgetId],
    );
  }

  /** Card payments refused because their merchant's category is never allowed. */
  blockedAttempts(planId: string): Promise<BlockedAttemptRow[]> {
    return this.m.query(
      `SELECT a.issuer_authorization_id AS id, pi.plan_item_id AS item_id, a.merchant_category AS category, a.decline_reason AS reason
         FROM card_authorization a JOIN purchase_intent pi ON pi.id = a.intent_id
        WHERE pi.plan_id = $1 AND NOT a.approved AND a.decline_code = 'category_blocked'`,
      [planId],
    );
  }

  /** Payments at least `minDays` old with no receipt and no reported spending that covers them; invoices need none. */
  spendsWithoutReceipt(now: Date, minDays: number): Promise<OverdueSpend[]> {
    return this.m.query(
      `SELECT m.id::text AS spend_ref, p.id AS plan_id, floor(extract(epoch FROM ($1::timestamptz - m.occurred_at)) / 86400)::int AS age_days,
              m.amount_pence::text AS pence, h.user_id AS holder_user, h.broker_organisation_id AS broker_id
         FROM budget_movement m
         JOIN support_plan p ON p.budget_id = m.budget_id
         JOIN holder h ON h.id = p.holder_id
         LEFT JOIN purchase_intent pi ON pi.plan_item_id = m.reference_id AND pi.status = 'completed'
        WHERE m.kind = 'spend' AND coalesce(pi.method::text, 'card') <> 'invoice'
          AND m.occurred_at <= $1::timestamptz - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM receipt r WHERE r.spend_ref = m.id::text)
          AND coalesce((SELECT sum(rs.amount_pence) FROM reported_spend rs WHERE rs.item_id = m.reference_id), 0) < m.amount_pence`,
      [now, minDays],
    );
  }

  /** Records that a reminder stage went out; false when it had already. */
  async markReminderSent(spendRef: string, stage: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      'INSERT INTO receipt_reminder (spend_ref, stage, sent_at) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT uq_receipt_reminder DO NOTHING RETURNING id',
      [spendRef, stage, at],
    );
    return rows.length > 0;
  }

  /** The broker organisation's staff, who hear about their holders' missing receipts. */
  async brokerStaffOf(brokerId: string): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.m.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND role = 'broker_staff'`,
      [brokerId],
    );
    return rows.map((r) => r.user_id);
  }

  /** A person's notifications, newest first. */
}
