import { Injectable } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { TransactionHost } from '@kinwell/database';
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

/** Sends each notification by email to the person's account address, through SMTP. */
@Injectable()
export class EmailNotifier extends Notifier {
  private readonly transport: Transporter;

  constructor(
    private readonly tx: TransactionHost,
    smtpUrl: string,
    private readonly from: string,
  ) {
    super();
    this.transport = createTransport(smtpUrl);
  }

  async notify(userId: string, subject: string, body: string): Promise<void> {
    const [user] = await this.tx.manager.query('SELECT email FROM app_user WHERE id = $1 AND disabled_at IS NULL', [userId]);
    if (!user) return;
    await this.transport.sendMail({
      from: this.from,
      to: user.email,
      subject: `Kinwell: ${subject}`,
      text: `${body}\n\nSign in to Kinwell to see the details.`,
    });
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
