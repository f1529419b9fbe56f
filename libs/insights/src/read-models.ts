import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { JobEngine, ScheduleSpec } from '@kinwell/jobs';

/** The read models, created by migration. */
export const INSIGHT_VIEWS = [
  'insight_spend_by_category',
  'insight_budget_size',
  'insight_holder_spend',
  'insight_search_demand',
  'insight_unmet_terms',
];

/** The worker's refresh: every quarter of an hour, and whenever a commissioner asks (a job in the same queue). */
export const INSIGHTS_REFRESH: ScheduleSpec = {
  name: 'insights-refresh',
  cron: '*/15 * * * *',
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireInSeconds: 15 * 60,
};

/**
 * Refreshes the insight read models (materialised views) and drops the workspace's figures worked out from the
 * old ones; the worker calls this on a schedule, then works the figures out again (AreaFigures.computeEvery).
 */
export async function refreshInsights(tx: TransactionHost): Promise<void> {
  for (const view of INSIGHT_VIEWS) {
    await tx.manager.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
    await tx.manager.query(
      'INSERT INTO insight_refresh (view, refreshed_at) VALUES ($1, now()) ON CONFLICT (view) DO UPDATE SET refreshed_at = excluded.refreshed_at',
      [view],
    );
  }
  await tx.manager.query('DELETE FROM insight_snapshot');
}

/**
 * A commissioner asking for fresh figures: the refresh runs in the worker, not in their request (on a large
 * area it takes seconds). Asks within the same minute are one refresh.
 */
@Injectable()
export class InsightsRefresher {
  constructor(
    private readonly tx: TransactionHost,
    private readonly jobs: JobEngine,
  ) {}

  ask(now: Date): Promise<void> {
    return this.tx.run(() => this.jobs.enqueue(INSIGHTS_REFRESH, {}, { key: `asked-${now.toISOString().slice(0, 16)}` }));
  }
}
