import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { DirectoryService } from '@kinwell/directory';

/** Flags, then hides, listings their providers have not confirmed for a while. */
@Injectable()
export class DirectorySweepJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DirectorySweepJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly directory: DirectoryService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.run(), this.config.directory.sweepMinutes * 60_000);
    this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  run(): void {
    if (this.running) return;
    this.running = this.directory
      .sweepStale()
      .then(({ flagged, hidden }) => {
        if (flagged || hidden) this.logger.log(`Listings not confirmed: ${flagged} flagged, ${hidden} hidden`);
      })
      .catch((error: unknown) => this.logger.error(`Directory sweep failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
