import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Principal, Role } from '@kinwell/identity';
import { JobEngine, JobSpec } from '@kinwell/jobs';
import { Clock, DomainError, isPhoneNumber } from '@kinwell/kernel';
import { NotificationKey, renderNotification } from './messages';
import { DeliveryChannel, Notification, NotificationPreference } from './notifications.entities';
import { SmsSender } from './sms';

/** One delivery per job; five retries with backoff from 30 s (about a quarter of an hour), then failed for good. */
export const NOTIFICATION_DELIVERY: JobSpec = { name: 'notification-delivery', retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: 120 };

export interface Message {
  key: NotificationKey;
  params?: Record<string, string>;
  /** Where in Kinwell the reader acts on it. */
  link?: string;
}

export interface TellOptions {
  /** The same key for the same person is one notification, however often a sweep or handler runs. */
  dedupeKey?: string;
  /** The broker whose holder it concerns: their staff see it if it cannot be delivered. */
  brokerOrganisationId?: string | null;
}

export interface ShownNotification {
  id: string;
  key: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface Preferences {
  email: boolean;
  sms: boolean;
  mobile: string | null;
  /** Whether this Kinwell can send text messages at all. */
  smsAvailable: boolean;
}

export interface UndeliveredNotification {
  id: string;
  channel: DeliveryChannel;
  recipient: string;
  address: string;
  title: string;
  error: string | null;
  attempts: number;
  failedAt: Date;
}

/**
 * How Kinwell tells people things. In-app always, in the caller's transaction; by email and text as each
 * person chooses, as jobs in that same transaction, sent by a worker after commit.
 */
@Injectable()
export class Notifications {
  constructor(
    private readonly tx: TransactionHost,
    private readonly jobs: JobEngine,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
  ) {}

  /** Tells each person once (duplicates in `userIds` are one), returns how many were newly told. */
  async tell(userIds: readonly string[], message: Message, options: TellOptions = {}): Promise<number> {
    const people = [...new Set(userIds)];
    if (!people.length) return 0;
    return this.tx.run(async (manager) => {
      const rows: Array<{ id: string; user_id: string }> = await manager.query(
        `INSERT INTO notification (user_id, key, params, link, dedupe_key, broker_organisation_id)
         SELECT u, $2, $3, $4, $5, $6 FROM unnest($1::uuid[]) AS u
         ON CONFLICT ON CONSTRAINT uq_notification_once DO NOTHING RETURNING id, user_id`,
        [people, message.key, message.params ?? {}, message.link ?? null, options.dedupeKey ?? null, options.brokerOrganisationId ?? null],
      );
      if (!rows.length) return 0;
      const channels = await this.channelsOf(rows.map((r) => r.user_id));
      for (const row of rows) {
        for (const [channel, address] of channels.get(row.user_id) ?? []) {
          const [delivery]: Array<{ id: string }> = await manager.query(
            `INSERT INTO notification_delivery (notification_id, channel, address, status) VALUES ($1, $2, $3, 'queued') RETURNING id`,
            [row.id, channel, address],
          );
          await this.jobs.enqueue(NOTIFICATION_DELIVERY, { deliveryId: delivery.id }, { key: delivery.id });
        }
      }
      return rows.length;
    });
  }

  /** The people working in these organisations now in one of `roles`: whom a message to an organisation reaches. */
  async staffOf(organisationIds: string[], roles: Role[]): Promise<string[]> {
    if (!organisationIds.length) return [];
    const rows: Array<{ user_id: string }> = await this.tx.manager.query(
      `SELECT DISTINCT m.user_id FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = ANY($1::uuid[]) AND m.role = ANY($2::membership_role[]) AND m.deactivated_at IS NULL AND u.disabled_at IS NULL`,
      [organisationIds, roles],
    );
    return rows.map((r) => r.user_id);
  }

  /** Newest first, in the reader's language. */
  async list(userId: string, language: string, limit = 50): Promise<ShownNotification[]> {
    const rows = await this.tx.manager.find(Notification, { where: { userId }, order: { createdAt: 'DESC' }, take: limit });
    return rows.map((n) => ({
      id: n.id,
      key: n.key,
      link: n.link,
      createdAt: n.createdAt,
      readAt: n.readAt,
      ...renderNotification(n.key, n.params, language),
    }));
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ n }] = await this.tx.manager.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [
      userId,
    ]);
    return n;
  }

  /** Marks everything the person has been told as read. */
  async markAllRead(userId: string): Promise<void> {
    await this.tx.manager.query(`UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [userId, this.clock.now()]);
  }

  async preferences(userId: string): Promise<Preferences> {
    const row = await this.tx.manager.findOne(NotificationPreference, { where: { userId } });
    return { email: row?.email ?? true, sms: row?.sms ?? false, mobile: row?.mobile ?? null, smsAvailable: this.sms.enabled };
  }

  async setPreferences(userId: string, input: { email: boolean; sms: boolean; mobile: string | null }): Promise<Preferences> {
    const mobile = input.mobile?.replace(/\s+/g, '') || null;
    const problems = [];
    if (input.sms && !this.sms.enabled) problems.push({ field: 'sms', message: 'text messages are not available here' });
    if (input.sms && !mobile) problems.push({ field: 'mobile', message: 'enter a mobile number to get text messages' });
    if (mobile && !(isPhoneNumber(mobile) && /^(\+447|07)\d{9}$/.test(mobile)))
      problems.push({ field: 'mobile', message: 'enter a UK mobile number, like 07700 900 982' });
    if (problems.length) throw DomainError.validation(problems);
    await this.tx.manager.upsert(NotificationPreference, { userId, email: input.email, sms: input.sms, mobile }, ['userId']);
    return this.preferences(userId);
  }

  /** Deliveries that failed for good, about the holders of the broker organisations this person works in, for their staff to tell the person another way. */
  async undelivered(principal: Principal, limit = 100): Promise<UndeliveredNotification[]> {
    const brokers = principal.organisationsWith(Role.BrokerStaff);
    if (!brokers.length) throw DomainError.forbidden();
    const rows: Array<{
      id: string;
      channel: DeliveryChannel;
      recipient: string;
      address: string;
      key: string;
      params: Record<string, string>;
      last_error: string | null;
      attempts: number;
      failed_at: Date;
    }> = await this.tx.manager.query(
      `SELECT d.id, d.channel, u.display_name AS recipient, d.address, n.key, n.params, d.last_error, d.attempts, d.failed_at
         FROM notification_delivery d JOIN notification n ON n.id = d.notification_id JOIN app_user u ON u.id = n.user_id
        WHERE d.status = 'failed' AND n.broker_organisation_id = ANY($1::uuid[]) ORDER BY d.failed_at DESC LIMIT $2`,
      [brokers, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      recipient: r.recipient,
      address: r.address,
      title: renderNotification(r.key, r.params, 'en').title,
      error: r.last_error,
      attempts: r.attempts,
      failedAt: r.failed_at,
    }));
  }

  /** Email for everyone with a working account who has not turned it off; text for those who chose it. */
  private async channelsOf(userIds: string[]): Promise<Map<string, Array<[DeliveryChannel, string]>>> {
    const rows: Array<{ id: string; email: string; wants_email: boolean | null; sms: boolean | null; mobile: string | null }> =
      await this.tx.manager.query(
        `SELECT u.id, u.email, p.email AS wants_email, p.sms, p.mobile
           FROM app_user u LEFT JOIN notification_preference p ON p.user_id = u.id
          WHERE u.id = ANY($1::uuid[]) AND u.disabled_at IS NULL`,
        [userIds],
      );
    return new Map(
      rows.map((r) => {
        const channels: Array<[DeliveryChannel, string]> = [];
        if (r.wants_email !== false && r.email) channels.push([DeliveryChannel.Email, r.email]);
        if (r.sms && r.mobile && this.sms.enabled) channels.push([DeliveryChannel.Sms, r.mobile]);
        return [r.id, channels];
      }),
    );
  }
}
