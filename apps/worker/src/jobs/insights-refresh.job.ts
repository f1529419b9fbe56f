import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { refreshInsights } from '@kinwell/insights';
import { JobEngine } from '@kinwell/jobs';
import { ScheduledJob, sweep } from './scheduled-job';

export const INSIGHTS_REFRESH = sweep('insights-refresh', '*/15 * * * *');

/** Refreshes the commissioner read models every quarter of an hour (and at start). */
@Injectable()
export class InsightsRefreshJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly tx: TransactionHost,
  ) {
    super(engine, INSIGHTS_REFRESH);
  }

  protected async work(): Promise<void> {
    await refreshInsights(this.tx);
  }
}
