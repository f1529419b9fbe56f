import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { DirectoryService } from '@kinwell/directory';
import { IntervalJob } from './interval-job';

/** Flags, then hides, listings their providers have not confirmed for a while. */
@Injectable()
export class DirectorySweepJob extends IntervalJob {
  constructor(
    private readonly directory: DirectoryService,
    config: AppConfig,
  ) {
    super(config.directory.sweepMinutes * 60_000, 'Directory sweep', true);
  }

  protected async work(): Promise<string | null> {
    const { flagged, hidden } = await this.directory.sweepStale();
    return flagged || hidden ? `Listings not confirmed: ${flagged} flagged, ${hidden} hidden` : null;
  }
}
