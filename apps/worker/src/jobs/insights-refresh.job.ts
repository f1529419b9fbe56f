import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { refreshInsights } from '@kinwell/insights';
import { IntervalJob } from './interval-job';

export const INSIGHTS_REFRESH_EVERY_MS = 15 * 60_000;

/** Refreshes the commissioner read models every quarter of an hour (and at start). */
@Injectable()
export class InsightsRefreshJob extends IntervalJob {
  constructor(private readonly tx: TransactionHost) {
    super(INSIGHTS_REFRESH_EVERY_MS, 'Insights refresh', true);
  }

  protected async work(): Promise<void> {
    await refreshInsights(this.tx);
  }
}
