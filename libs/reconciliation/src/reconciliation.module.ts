import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { Mailer, MailModule } from '@kinwell/mail';
import { PaymentsModule, SPEND_POSTED } from '@kinwell/payments';
import { PlansModule } from '@kinwell/plans';
import { OutboxRelay, OutboxService, TransactionHost } from '@kinwell/database';
import { EmailNotifier, EmailSender, InAppNotifier, NOTIFICATION_EMAIL, Notifier, NotifierFanOut } from './notifier';
import { ReceiptRemindersService } from './receipt-reminders.service';
import { FileStorage, LocalDiskFileStorage } from './file-storage';
import { S3FileStorage } from './s3-file-storage';
import { ReconciliationRepository } from './reconciliation.repository';
import { ProviderInvoicesService } from './provider-invoices.service';
import { ReconciliationService } from './reconciliation.service';

/** Every process that loads reconciliation reconciles a plan when its spend is posted, and sends the emails asked for. */
@Injectable()
class SpendPostedHandler implements OnModuleInit {
  private readonly email: EmailSender | null;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly reconciliation: ReconciliationService,
    tx: TransactionHost,
    config: AppConfig,
    mailer: Mailer,
  ) {
    this.email = config.mail.smtpUrl ? new EmailSender(tx, mailer) : null;
  }

  onModuleInit(): void {
    this.relay.on(SPEND_POSTED, (event) => this.reconciliation.reconcilePlan(String(event.payload.planId)));
    const email = this.email;
    if (email)
      this.relay.on(NOTIFICATION_EMAIL, (event) => {
        const { userId, subject, body } = event.payload as { userId: string; subject: string; body: string };
        return email.send(userId, subject, body, `kinwell-${event.id}`);
      });
  }
}

@Module({
  imports: [PlansModule, PaymentsModule, MailModule],
  providers: [
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.s3 ? new S3FileStorage(config.s3) : new LocalDiskFileStorage(config.fileStorageDir)),
    },
    {
      provide: Notifier,
      inject: [TransactionHost, OutboxService, AppConfig],
      useFactory: (tx: TransactionHost, outbox: OutboxService, config: AppConfig) =>
        config.mail.smtpUrl ? new NotifierFanOut([new InAppNotifier(tx), new EmailNotifier(outbox)]) : new InAppNotifier(tx),
    },
    ReconciliationRepository,
    ReconciliationService,
    ReceiptRemindersService,
    ProviderInvoicesService,
    SpendPostedHandler,
  ],
  exports: [ReconciliationService, ReceiptRemindersService, ProviderInvoicesService, FileStorage, Notifier],
})
export class ReconciliationModule {}
