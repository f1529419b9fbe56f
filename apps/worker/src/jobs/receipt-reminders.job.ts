import { Injectable } from '@nestjs/common';
import { ReceiptRemindersService } from '@kinwell/reconciliation';
import { JobEngine } from '@kinwell/jobs';
import { ScheduledJob, sweep } from './scheduled-job';

export const RECEIPT_SWEEP = sweep('receipt-reminders', '0 * * * *');

/** Hourly: receipt reminders at the configured days, then cards frozen at the freeze day. */
@Injectable()
export class ReceiptRemindersJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly reminders: ReceiptRemindersService,
  ) {
    super(engine, RECEIPT_SWEEP);
  }

  protected async work(): Promise<string | null> {
    const { reminders, frozenCards } = await this.reminders.sweep();
    return reminders || frozenCards ? `Receipt reminders: ${reminders} sent, ${frozenCards} card(s) frozen` : null;
  }
}
