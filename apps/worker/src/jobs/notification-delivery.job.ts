import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobEngine } from '@kinwell/jobs';
import { NOTIFICATION_DELIVERY, NotificationSender } from '@kinwell/notifications';

/** Sends queued emails and texts; the last failed retry is recorded for the broker, then dead-lettered. */
@Injectable()
export class NotificationDeliveryJob implements OnModuleInit {
  constructor(
    private readonly engine: JobEngine,
    private readonly sender: NotificationSender,
  ) {}

  onModuleInit(): void {
    this.engine.handle(
      NOTIFICATION_DELIVERY,
      (data, job) => this.sender.deliver(String(data.deliveryId), job.retryCount >= NOTIFICATION_DELIVERY.retryLimit),
      { batchSize: 20 },
    );
  }
}
