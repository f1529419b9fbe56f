import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { OutboxRelay } from '@kinwell/database';
import { Clock } from '@kinwell/kernel';
import { JobEngine } from '@kinwell/jobs';
import { ScheduledJob, sweep } from './scheduled-job';

export const OUTBOX_PRUNE = sweep('outbox-prune', '23 * * * *');

/** Deletes delivered outbox events after OUTBOX_KEEP_DAYS, so the table holds what is pending or failed. */
@Injectable()
export class OutboxPruneJob extends ScheduledJob {
  constructor(
    engine: JobEngine,

    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super(engine, OUTBOX_PRUNE);
  }

  protected async work(): Promise<string | null> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.worker.outboxKeepDays * 86_400_000);
    const deleted = await this.relay.prune(cutoff);
    return deleted ? `Pruned ${deleted} delivered outbox events` : null;
  }
}
