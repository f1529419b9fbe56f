import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CardIssuingService } from '@kinwell/payments';

export const CARD_SWEEP_EVERY_MS = 15 * 60_000;

/** Compares the issuer's live cards with Kinwell's: adopts cards a crash left unrecorded, cancels strays. */
@Injectable()
export class CardSweepJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CardSweepJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly cards: CardIssuingService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.run(), CARD_SWEEP_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  run(): void {
    this.running ??= this.cards
      .sweep()
      .catch((error: unknown) => this.logger.error(`Card sweep failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
