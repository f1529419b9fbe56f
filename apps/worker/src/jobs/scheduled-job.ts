import { Logger, OnModuleInit } from '@nestjs/common';
import { JobEngine, ScheduleSpec } from '@kinwell/jobs';

/** A sweep on a pg-boss cron: one run per tick across every worker, retried if it fails, not reset by a restart. */
export abstract class ScheduledJob implements OnModuleInit {
  protected readonly logger = new Logger(this.constructor.name);

  protected constructor(
    private readonly engine: JobEngine,
    readonly spec: ScheduleSpec,
  ) {}

  /** One run; what it returns, if anything, is logged. Throwing retries it with backoff. */
  protected abstract work(): Promise<string | null | void>;

  onModuleInit(): void {
    this.engine.schedule(this.spec, async () => {
      const line = await this.work();
      if (line) this.logger.log(line);
    });
  }
}

/** A sweep's queue: retried twice, treated as lost if it runs past `expireInSeconds`. */
export const sweep = (name: string, cron: string, expireInSeconds = 15 * 60): ScheduleSpec => ({
  name,
  cron,
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireInSeconds,
});
