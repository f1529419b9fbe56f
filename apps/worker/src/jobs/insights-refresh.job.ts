import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { refreshInsights } from '@kinwell/insights';

export const INSIGHTS_REFRESH_EVERY_MS = 15 * 60_000;

/** Refreshes the commissioner read models every quarter of an hour (and at start). */
@Injectable()
export class InsightsRefreshJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InsightsRefreshJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly tx: TransactionHost) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.run(), INSIGHTS_REFRESH_EVERY_MS);
    this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  run(): void {
    this.running ??= refreshInsights(this.tx)
      .catch((error: unknown) => this.logger.error(`Insights refresh failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
