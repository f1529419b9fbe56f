import { Module } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { PaymentsModule } from '@kinwell/payments';
import { PlansModule } from '@kinwell/plans';
import { InAppNotifier, Notifier } from './notifier';
import { ReceiptRemindersService } from './receipt-reminders.service';
import { FileStorage, LocalDiskFileStorage } from './file-storage';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [PlansModule, PaymentsModule],
  providers: [
    { provide: FileStorage, inject: [AppConfig], useFactory: (config: AppConfig) => new LocalDiskFileStorage(config.fileStorageDir) },
    { provide: Notifier, useClass: InAppNotifier },
    ReconciliationService,
    ReceiptRemindersService,
  ],
  exports: [ReconciliationService, ReceiptRemindersService, FileStorage, Notifier],
})
export class ReconciliationModule {}
