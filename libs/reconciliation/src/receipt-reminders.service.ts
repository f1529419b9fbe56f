import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { AuditLog, SYSTEM_ACTOR, TransactionHost } from '@kinwell/database';
import { Clock, Money } from '@kinwell/kernel';
import { PurchasingService } from '@kinwell/payments';
import { Notifications } from '@kinwell/notifications';
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
    private readonly notifications: Notifications,
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
          await this.notifications.tell(
            await this.recipients(spend),
            {
              key: 'receipt.missing',
              params: { amount: Money.ofPence(spend.pence).format(), days: String(spend.age_days) },
              link: `/plans/${spend.plan_id}`,
            },
            { brokerOrganisationId: spend.broker_id },
          );
          reminders++;
        });
      }
      if (spend.age_days >= freezeDay) {
        await this.tx.run(async () => {
          if (!(await this.markSent(spend.spend_ref, 'freeze'))) return;
          const frozen = await this.purchasing.freezeCardsOfPlan(spend.plan_id);
          frozenCards += frozen;
          await this.notifications.tell(
            await this.recipients(spend),
            { key: 'receipt.cards_frozen', params: { days: String(freezeDay) }, link: `/plans/${spend.plan_id}` },
            { brokerOrganisationId: spend.broker_id },
          );
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
