import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { NotificationsModule } from '@kinwell/notifications';
import { PaymentsModule, SPEND_POSTED } from '@kinwell/payments';
import { PlansModule } from '@kinwell/plans';
import { OutboxRelay } from '@kinwell/database';
import { ReceiptRemindersService } from './receipt-reminders.service';
import { FileStorage, LocalDiskFileStorage } from './file-storage';
import { S3FileStorage } from './s3-file-storage';
import { ReconciliationRepository } from './reconciliation.repository';
import { ProviderInvoicesService } from './provider-invoices.service';
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
  imports: [PlansModule, PaymentsModule, NotificationsModule],
  providers: [
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.s3 ? new S3FileStorage(config.s3) : new LocalDiskFileStorage(config.fileStorageDir)),
    },
    ReconciliationRepository,
    ReconciliationService,
    ReceiptRemindersService,
    ProviderInvoicesService,
    SpendPostedHandler,
  ],
  exports: [ReconciliationService, ReceiptRemindersService, ProviderInvoicesService, FileStorage],
})
export class ReconciliationModule {}
