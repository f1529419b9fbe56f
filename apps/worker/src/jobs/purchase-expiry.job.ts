import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PurchasingService } from '@kinwell/payments';

export const PURCHASE_EXPIRY_EVERY_MS = 5 * 60_000;

/** Cancels purchases whose cards were never used in time, releasing their money. */
@Injectable()
export class PurchaseExpiryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PurchaseExpiryJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly purchasing: PurchasingService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.run(), PURCHASE_EXPIRY_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  run(): void {
    this.running ??= this.purchasing
      .expireOverdue()
      .then((n) => n && this.logger.log(`Expired ${n} unused purchase(s)`))
      .catch((error: unknown) => this.logger.error(`Purchase expiry failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
