import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { PaymentsModule, SPEND_POSTED } from '@kinwell/payments';
import { PlansModule } from '@kinwell/plans';
import { OutboxRelay, TransactionHost } from '@kinwell/database';
import { EmailNotifier, InAppNotifier, Notifier, NotifierFanOut } from './notifier';
import { ReceiptRemindersService } from './receipt-reminders.service';
import { FileStorage, LocalDiskFileStorage } from './file-storage';
import { S3FileStorage } from './s3-file-storage';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

/** Every process that loads reconciliation reconciles a plan when its spend is posted. */
@Injectable()
class SpendPostedHandler implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly reconciliation: ReconciliationService,
  ) {}

  onModuleInit(): void {
    this.relay.on(SPEND_POSTED, (event) => this.reconciliation.reconcilePlan(String(event.payload.planId)));
  }
}

@Module({
  imports: [PlansModule, PaymentsModule],
  providers: [
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.s3 ? new S3FileStorage(config.s3) : new LocalDiskFileStorage(config.fileStorageDir)),
    },
    {
      provide: Notifier,
      inject: [TransactionHost, AppConfig],
      useFactory: (tx: TransactionHost, config: AppConfig) =>
        config.mail.smtpUrl
          ? new NotifierFanOut([new InAppNotifier(tx), new EmailNotifier(tx, config.mail.smtpUrl, config.mail.from)])
          : new InAppNotifier(tx),
    },
    ReconciliationRepository,
    ReconciliationService,
    ReceiptRemindersService,
    SpendPostedHandler,
  ],
  exports: [ReconciliationService, ReceiptRemindersService, FileStorage, Notifier],
})
export class ReconciliationModule {}
