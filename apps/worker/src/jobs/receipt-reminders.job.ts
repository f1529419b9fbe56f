import { Injectable } from '@nestjs/common';
import { ReceiptRemindersService } from '@kinwell/reconciliation';
import { IntervalJob } from './interval-job';

export const RECEIPT_SWEEP_EVERY_MS = 60 * 60_000;

/** Hourly: receipt reminders at the configured days, then cards frozen at the freeze day. */
@Injectable()
export class ReceiptRemindersJob extends IntervalJob {
  constructor(private readonly reminders: ReceiptRemindersService) {
    super(RECEIPT_SWEEP_EVERY_MS, 'Receipt reminders');
  }

  protected async work(): Promise<string | null> {
    const { reminders, frozenCards } = await this.reminders.sweep();
    return reminders || frozenCards ? `Receipt reminders: ${reminders} sent, ${frozenCards} card(s) frozen` : null;
  }
}
