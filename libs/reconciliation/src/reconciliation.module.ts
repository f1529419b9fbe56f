import { Module } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { PaymentsModule } from '@kinwell/payments';
import { PlansModule } from '@kinwell/plans';
import { TransactionHost } from '@kinwell/database';
import { EmailNotifier, InAppNotifier, Notifier, NotifierFanOut } from './notifier';
import { ReceiptRemindersService } from './receipt-reminders.service';
import { FileStorage, LocalDiskFileStorage } from './file-storage';
import { S3FileStorage } from './s3-file-storage';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [PlansModule, PaymentsModule],
  providers: [
    { provide: FileStorage, inject: [AppConfig], useFactory: (config: AppConfig) => (config.s3 ? new S3FileStorage(config.s3) : new LocalDiskFileStorage(config.fileStorageDir)) },
    {
      provide: Notifier,
      inject: [TransactionHost, AppConfig],
      useFactory: (tx: TransactionHost, config: AppConfig) =>
        config.mail.smtpUrl ? new NotifierFanOut([new InAppNotifier(tx), new EmailNotifier(tx, config.mail.smtpUrl, config.mail.from)]) : new InAppNotifier(tx),
    },
    ReconciliationService,
    ReceiptRemindersService,
  ],
  exports: [ReconciliationService, ReceiptRemindersService, FileStorage, Notifier],
})
export class ReconciliationModule {}
