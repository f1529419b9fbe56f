import { TransactionHost } from '@kinwell/database';

/** The read models, created by migration. */
export const INSIGHT_VIEWS = ['insight_spend_by_category', 'insight_budget_size', 'insight_holder_spend'];

/** Refreshes the insight read models (materialised views); the worker calls this on a schedule. */
export async function refreshInsights(tx: TransactionHost): Promise<void> {
  for (const view of INSIGHT_VIEWS) {
    await tx.manager.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
    await tx.manager.query(
      'INSERT INTO insight_refresh (view, refreshed_at) VALUES ($1, now()) ON CONFLICT (view) DO UPDATE SET refreshed_at = excluded.refreshed_at',
      [view],
    );
  }
}
