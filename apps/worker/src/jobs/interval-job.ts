import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A sweep on a timer, one run at a time in this process, awaited on shutdown. (The timers restart
 * with the process; moving them onto a job engine's schedules is its own piece of work.)
 */
export abstract class IntervalJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  protected constructor(
    private readonly everyMs: number,
    private readonly label: string,
    private readonly atStart = false,
  ) {}

  /** One run; what it returns, if anything, is logged. */
  protected abstract work(): Promise<string | null | void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.run(), this.everyMs);
    if (this.atStart) this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  run(): void {
    this.running ??= this.work()
      .then((line) => line && this.logger.log(line))
      .catch((error: unknown) => this.logger.error(`${this.label} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
