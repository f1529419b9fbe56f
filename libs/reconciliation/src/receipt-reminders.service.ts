import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { AuditLog, SYSTEM_ACTOR, TransactionHost } from '@kinwell/database';
import { Clock, Money } from '@kinwell/kernel';
import { PurchasingService } from '@kinwell/payments';
import { Notifier } from './notifier';
import { OverdueSpend, ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

/**
 * Worker job: reminds the holder (and their broker's staff) about receipts still missing at
 * each reminder day, then freezes the plan's live cards at the freeze day. Each stage once.
 */
@Injectable()
export class ReceiptRemindersService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: ReconciliationRepository,
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
    const overdue = await this.repository.spendsWithoutReceipt(now, Math.min(...reminderDays, freezeDay));
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

  private markSent(spendRef: string, stage: string): Promise<boolean> {
    return this.repository.markReminderSent(spendRef, stage, this.clock.now());
  }

  private async recipients(spend: OverdueSpend): Promise<string[]> {
    const staff = await this.repository.brokerStaffOf(spend.broker_id);
    return [...new Set([...(spend.holder_user ? [spend.holder_user] : []), ...staff])];
  }
}
