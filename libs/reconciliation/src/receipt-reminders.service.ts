import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { AuditLog, SYSTEM_ACTOR, TransactionHost } from '@kinwell/database';
import { Clock, Money } from '@kinwell/kernel';
import { PurchasingService } from '@kinwell/payments';
import { Notifier } from './notifier';
import { ReconciliationService } from './reconciliation.service';

interface Overdue {
  spend_ref: string;
  plan_id: string;
  age_days: number;
  pence: string;
  holder_user: string | null;
  broker_id: string;
}

/**
 * Worker job: reminds the holder (and their broker's staff) about receipts still missing at
 * each reminder day, then freezes the plan's live cards at the freeze day. Each stage once.
 */
@Injectable()
export class ReceiptRemindersService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly notifier: Notifier,
    private readonly purchasing: PurchasingService,
    private readonly reconciliation: ReconciliationService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<{ reminders: number; frozenCards: number }> {
    const now = this.clock.now();
    const { reminderDays, freezeDay } = this.config.receipts;
    const overdue: Overdue[] = await this.tx.manager.query(
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
      [now, Math.min(...reminderDays, freezeDay)],
    );
    let reminders = 0;
    let frozenCards = 0;
    for (const spend of overdue) {
      for (const day of reminderDays.filter((d) => spend.age_days >= d)) {
        await this.tx.run(async () => {
          if (!(await this.markSent(spend.spend_ref, String(day)))) return;
          const text = `A receipt for ${Money.ofPence(spend.pence).format()} spent ${spend.age_days} days ago is still missing. Add a photo or PDF of it to your plan.`;
          for (const userId of await this.recipients(spend)) await this.notifier.notify(userId, 'A receipt is missing', text);
          reminders++;
        });
      }
      if (spend.age_days >= freezeDay) {
        await this.tx.run(async () => {
          if (!(await this.markSent(spend.spend_ref, 'freeze'))) return;
          const frozen = await this.purchasing.freezeCardsOfPlan(spend.plan_id);
          frozenCards += frozen;
          for (const userId of await this.recipients(spend)) {
            await this.notifier.notify(
              userId,
              'Card frozen until a receipt arrives',
              `No receipt ${freezeDay} days after a payment, so cards on this plan are frozen. Add the receipt and ask your broker to unfreeze them.`,
            );
          }
          await this.audit.record({
            actor: SYSTEM_ACTOR,
            action: 'reconciliation.cards_frozen_for_receipt',
            subject: { type: 'support_plan', id: spend.plan_id },
            reason: `No receipt after ${freezeDay} days`,
            change: { spendRef: spend.spend_ref, cards: frozen },
          });
        });
      }
    }
    // Exceptions that come with time (a receipt still missing) are raised here, not when a statement is read.
    for (const planId of new Set(overdue.map((o) => o.plan_id))) await this.reconciliation.reconcilePlan(planId);
    return { reminders, frozenCards };
  }

  private async markSent(spendRef: string, stage: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.manager.query(
      'INSERT INTO receipt_reminder (spend_ref, stage, sent_at) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT uq_receipt_reminder DO NOTHING RETURNING id',
      [spendRef, stage, this.clock.now()],
    );
    return rows.length > 0;
  }

  private async recipients(spend: Overdue): Promise<string[]> {
    const staff: Array<{ user_id: string }> = await this.tx.manager.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND role = 'broker_staff'`,
      [spend.broker_id],
    );
    return [...new Set([...(spend.holder_user ? [spend.holder_user] : []), ...staff.map((s) => s.user_id)])];
  }
}
