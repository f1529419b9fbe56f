import { Injectable } from '@nestjs/common';
import { PurchasingService } from '@kinwell/payments';
import { IntervalJob } from './interval-job';

export const PURCHASE_EXPIRY_EVERY_MS = 5 * 60_000;

/** Ends purchases whose cards were never used in time, releasing their money. */
@Injectable()
export class PurchaseExpiryJob extends IntervalJob {
  constructor(private readonly purchasing: PurchasingService) {
    super(PURCHASE_EXPIRY_EVERY_MS, 'Purchase expiry');
  }

  protected async work(): Promise<string | null> {
    const n = await this.purchasing.expireOverdue();
    return n ? `Expired ${n} unused purchase(s)` : null;
  }
}
