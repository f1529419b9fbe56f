import { Injectable } from '@nestjs/common';
import { CardIssuingService } from '@kinwell/payments';
import { JobEngine } from '@kinwell/jobs';
import { ScheduledJob, sweep } from './scheduled-job';

export const CARD_SWEEP = sweep('card-sweep', '*/15 * * * *');

/** Compares the issuer's live cards with Kinwell's: adopts cards a crash left unrecorded, cancels strays. */
@Injectable()
export class CardSweepJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly cards: CardIssuingService,
  ) {
    super(engine, CARD_SWEEP);
  }

  protected async work(): Promise<void> {
    await this.cards.sweep();
  }
}
