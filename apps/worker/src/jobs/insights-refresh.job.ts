import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { AreaFigures, INSIGHTS_REFRESH, refreshInsights } from '@kinwell/insights';
import { JobEngine } from '@kinwell/jobs';
import { ScheduledJob } from './scheduled-job';

/** Refreshes the commissioner read models every quarter of an hour (and at start), then works out every area's figures from them. */
@Injectable()
export class InsightsRefreshJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly tx: TransactionHost,
    private readonly figures: AreaFigures,
  ) {
    super(engine, INSIGHTS_REFRESH);
  }

  protected async work(): Promise<void> {
    await refreshInsights(this.tx);
    await this.figures.computeEvery();
  }
}
