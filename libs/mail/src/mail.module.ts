import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@kinwell/config';
import { OutboxRelay, OutboxService, TransactionHost } from '@kinwell/database';
import { CapturedEmail } from './mail.entities';
import { CapturingMailer, Email, Mailer, SmtpMailer } from './mailer';

export const EMAIL_QUEUED = 'mail.send';

/**
 * How a use case sends email: an outbox event in its own transaction, delivered just after commit
 * (and retried by the worker if the mail server is down), never while the use case holds its rows.
 */
@Injectable()
export class MailQueue implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelay,
    private readonly mailer: Mailer,
  ) {}

  onModuleInit(): void {
    this.relay.on(EMAIL_QUEUED, (event) => this.mailer.send(event.payload as unknown as Email, `kinwell-${event.id}`));
  }

  queue(email: Email): Promise<void> {
    return this.outbox.publish(EMAIL_QUEUED, { ...email }, { deliverNow: true });
  }
}

/** The emails captured in development, newest first: what a newcomer reads instead of an inbox. */
@Injectable()
export class CapturedEmails {
  constructor(private readonly tx: TransactionHost) {}

  list(limit = 50): Promise<CapturedEmail[]> {
    return this.tx.manager.find(CapturedEmail, { order: { id: 'DESC' }, take: limit });
  }

  find(id: string): Promise<CapturedEmail | null> {
    return /^\d{1,18}$/.test(id) ? this.tx.manager.findOne(CapturedEmail, { where: { id } }) : Promise.resolve(null);
  }
}

@Module({
  providers: [
    {
      provide: Mailer,
      inject: [AppConfig, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) =>
        config.mail.smtpUrl
          ? new SmtpMailer(config.mail.smtpUrl, config.mail.from, new URL(config.http.publicUrl).hostname)
          : new CapturingMailer(dataSource),
    },
    MailQueue,
    CapturedEmails,
  ],
  exports: [Mailer, MailQueue, CapturedEmails],
})
export class MailModule {}
