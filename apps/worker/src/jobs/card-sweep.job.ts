import { Injectable } from '@nestjs/common';
import { CardIssuingService } from '@kinwell/payments';
import { IntervalJob } from './interval-job';

export const CARD_SWEEP_EVERY_MS = 15 * 60_000;

/** Compares the issuer's live cards with Kinwell's: adopts cards a crash left unrecorded, cancels strays. */
@Injectable()
export class CardSweepJob extends IntervalJob {
  constructor(private readonly cards: CardIssuingService) {
    super(CARD_SWEEP_EVERY_MS, 'Card sweep');
  }

  protected async work(): Promise<void> {
    await this.cards.sweep();
  }
}
