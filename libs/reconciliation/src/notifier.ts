import { Injectable } from '@nestjs/common';
import { Mailer } from '@kinwell/mail';
import { OutboxService, TransactionHost } from '@kinwell/database';

/** An email to send once the work that asked for it has committed. */
export const NOTIFICATION_EMAIL = 'notification.email';
import { Notification } from './reconciliation.entities';

/** How Kinwell tells people things: the in-app list always, and email where SMTP is configured. */
export abstract class Notifier {
  abstract notify(userId: string, subject: string, body: string): Promise<void>;
}

@Injectable()
export class InAppNotifier extends Notifier {
  constructor(private readonly tx: TransactionHost) {
    super();
  }

  async notify(userId: string, subject: string, body: string): Promise<void> {
    await this.tx.manager.insert(Notification, { userId, subject, body, readAt: null });
  }
}

/**
 * The email channel, as the use case sees it: an outbox event in its transaction. Nothing talks to the mail
 * server while the use case holds its rows; the relay sends after commit, and retries if the server is down.
 */
@Injectable()
export class EmailNotifier extends Notifier {
  constructor(private readonly outbox: OutboxService) {
    super();
  }

  async notify(userId: string, subject: string, body: string): Promise<void> {
    await this.outbox.publish(NOTIFICATION_EMAIL, { userId, subject, body });
  }
}

/** Sends a notification by email to the person's account address (the outbox relay's handler). */
export class EmailSender {
  constructor(
    private readonly tx: TransactionHost,
    private readonly mailer: Mailer,
  ) {}

  async send(userId: string, subject: string, body: string, key: string): Promise<void> {
    const [user] = await this.tx.manager.query('SELECT email, language FROM app_user WHERE id = $1 AND disabled_at IS NULL', [userId]);
    if (!user) return;
    await this.mailer.send(
      { to: user.email, subject: `Kinwell: ${subject}`, text: `${body}\n\nSign in to Kinwell to see the details.`, language: 'en' },
      key,
    );
  }
}

/** Every notification goes to each channel. */
export class NotifierFanOut extends Notifier {
  constructor(private readonly channels: Notifier[]) {
    super();
  }

  async notify(userId: string, subject: string, body: string): Promise<void> {
    for (const channel of this.channels) await channel.notify(userId, subject, body);
  }
}
