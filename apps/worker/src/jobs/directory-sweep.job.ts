import { Injectable } from '@nestjs/common';
import { DirectoryService } from '@kinwell/directory';
import { JobEngine } from '@kinwell/jobs';
import { ScheduledJob, sweep } from './scheduled-job';

export const DIRECTORY_SWEEP = sweep('directory-sweep', '7 * * * *');

/** Flags, then hides, listings their providers have not confirmed for a while. */
@Injectable()
export class DirectorySweepJob extends ScheduledJob {
  constructor(
    engine: JobEngine,

    private readonly directory: DirectoryService,
  ) {
    super(engine, DIRECTORY_SWEEP);
  }

  protected async work(): Promise<string | null> {
    const { flagged, hidden } = await this.directory.sweepStale();
    return flagged || hidden ? `Listings not confirmed: ${flagged} flagged, ${hidden} hidden` : null;
  }
}
