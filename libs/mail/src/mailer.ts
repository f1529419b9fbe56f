import { Logger } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { CapturedEmail } from './mail.entities';

export interface Email {
  to: string;
  subject: string;
  text: string;
  /** The language it is written in, for the html lang a reader needs. */
  language: string;
}

/** Where email goes: an SMTP server, or the captured list a developer reads. */
export abstract class Mailer {
  /** `key` is the same for a redelivery of the same message, so the transport can drop a repeat. */
  abstract send(email: Email, key: string): Promise<void>;
}

export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly domain: string,
  ) {
    super();
    this.transport = createTransport(smtpUrl);
  }

  async send(email: Email, key: string): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      // The same Message-ID on a redelivery lets the receiving side treat it as the one message it is.
      messageId: `<${key}@${this.domain}>`,
      headers: { 'Content-Language': email.language },
    });
  }
}

export class CapturingMailer extends Mailer {
  private readonly logger = new Logger('Mail');

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async send(email: Email, key: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(CapturedEmail)
      .values({ messageKey: key, recipient: email.to, subject: email.subject, body: email.text, language: email.language })
      .orIgnore()
      .execute();
    this.logger.log(`Captured an email to ${email.to}: "${email.subject}" (read it at /dev/emails)`);
  }
}
