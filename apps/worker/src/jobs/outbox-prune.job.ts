import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { OutboxRelay } from '@kinwell/database';
import { Clock } from '@kinwell/kernel';
import { IntervalJob } from './interval-job';

export const OUTBOX_PRUNE_EVERY_MS = 60 * 60_000;

/** Deletes delivered outbox events after OUTBOX_KEEP_DAYS, so the table holds what is pending or failed. */
@Injectable()
export class OutboxPruneJob extends IntervalJob {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    // At start too: a worker restarted more often than hourly would otherwise never prune.
    super(OUTBOX_PRUNE_EVERY_MS, 'Outbox prune', true);
  }

  protected async work(): Promise<string | null> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.worker.outboxKeepDays * 86_400_000);
    const deleted = await this.relay.prune(cutoff);
    return deleted ? `Pruned ${deleted} delivered outbox events` : null;
  }
}
