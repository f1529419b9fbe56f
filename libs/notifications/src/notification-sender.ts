import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { TransactionHost } from '@kinwell/database';
import { Mailer } from '@kinwell/mail';
import { Clock } from '@kinwell/kernel';
import { renderNotification, SIGN_IN_TO_SEE } from './messages';
import { DeliveryChannel } from './notifications.entities';
import { SmsSender } from './sms';

/**
 * The worker's half: sends one delivery by email or text, in the recipient's language, once. A delivery is
 * claimed before it is sent and marked sent after; a retry after a crash in between sends it again with
 * the same Message-ID or Notify reference, which is the one repeat a receiving system can recognise.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly mailer: Mailer,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** `lastAttempt`: a failure now is final, recorded for the broker. Throws on failure so the job is retried. */
  async deliver(deliveryId: string, lastAttempt: boolean): Promise<'sent' | 'skipped'> {
    const claimed: Array<{
      channel: DeliveryChannel;
      address: string;
      key: string;
      params: Record<string, string>;
      link: string | null;
      language: string | null;
    }> = await this.tx.manager.query(
      `WITH claimed AS (
         UPDATE notification_delivery SET status = 'sending', attempts = attempts + 1
          WHERE id = $1 AND status IN ('queued', 'sending') RETURNING notification_id, channel, address)
       SELECT c.channel, c.address, n.key, n.params, n.link, u.language
         FROM claimed c JOIN notification n ON n.id = c.notification_id LEFT JOIN app_user u ON u.id = n.user_id`,
      [deliveryId],
    );
    const delivery = claimed[0];
    // Sent already, or failed for good and left for a person: nothing to do.
    if (!delivery) return 'skipped';
    const language = delivery.language ?? 'en';
    const { title, body } = renderNotification(delivery.key, delivery.params, language);
    const link = `${this.config.http.publicUrl}${delivery.link ?? '/notifications'}`;
    try {
      if (delivery.channel === DeliveryChannel.Email) {
        await this.mailer.send(
          {
            to: delivery.address,
            subject: `Kinwell: ${title}`,
            text: `${body}\n\n${SIGN_IN_TO_SEE[language] ?? SIGN_IN_TO_SEE.en}:\n${link}`,
            language,
          },
          `kinwell-notification-${deliveryId}`,
        );
      } else {
        await this.sms.send(delivery.address, `Kinwell: ${title}. ${SIGN_IN_TO_SEE[language] ?? SIGN_IN_TO_SEE.en}: ${link}`, deliveryId);
      }
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      await this.tx.manager.query(`UPDATE notification_delivery SET status = $2, last_error = $3, failed_at = $4 WHERE id = $1`, [
        deliveryId,
        lastAttempt ? 'failed' : 'queued',
        message,
        lastAttempt ? this.clock.now() : null,
      ]);
      if (lastAttempt) this.logger.warn(`Notification delivery ${deliveryId} by ${delivery.channel} failed for good: ${message}`);
      throw error;
    }
    await this.tx.manager.query(`UPDATE notification_delivery SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [
      deliveryId,
      this.clock.now(),
    ]);
    return 'sent';
  }
}
