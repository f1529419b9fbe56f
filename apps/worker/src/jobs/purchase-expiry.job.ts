import { Injectable } from '@nestjs/common';
import { PurchasingService } from '@kinwell/payments';
import { JobEngine } from '@kinwell/jobs';
import { ScheduledJob, sweep } from './scheduled-job';

export const PURCHASE_EXPIRY = sweep('purchase-expiry', '*/5 * * * *');

/** Ends purchases whose cards were never used in time, releasing their money. */
@Injectable()
export class PurchaseExpiryJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly purchasing: PurchasingService,
  ) {
    super(engine, PURCHASE_EXPIRY);
  }

  protected async work(): Promise<string | null> {
    const n = await this.purchasing.expireOverdue();
    return n ? `Expired ${n} unused purchase(s)` : null;
  }
}
