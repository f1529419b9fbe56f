import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ReceiptRemindersService } from '@kinwell/reconciliation';

export const RECEIPT_SWEEP_EVERY_MS = 60 * 60_000;

/** Hourly: receipt reminders at the configured days, then cards frozen at the freeze day. */
@Injectable()
export class ReceiptRemindersJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReceiptRemindersJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly reminders: ReceiptRemindersService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.run(), RECEIPT_SWEEP_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  run(): void {
    this.running ??= this.reminders
      .sweep()
      .then(({ reminders, frozenCards }) => (reminders || frozenCards) && this.logger.log(`Receipt reminders: ${reminders} sent, ${frozenCards} card(s) frozen`))
      .catch((error: unknown) => this.logger.error(`Receipt reminders failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
