import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * Something a person is told, kept as a message key and its parameters so it is written in the reader's
 * language when they read it (in-app) and when it is sent (email, SMS), not in the sender's.
 */
@Entity('notification')
@Index('ix_notification_user', ['userId', 'createdAt'])
@Unique('uq_notification_once', ['userId', 'dedupeKey'])
export class Notification {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) userId!: string;
  @Column({ type: 'text' }) key!: string;
  @Column({ type: 'jsonb' }) params!: Record<string, string>;
  /** A path in Kinwell where the reader acts on it. */
  @Column({ type: 'text', nullable: true }) link!: string | null;
  /** Set by sweeps and event handlers, so a rerun tells nobody twice. */
  @Column({ type: 'text', nullable: true }) dedupeKey!: string | null;
  /** The broker whose holder this is about: their staff see a delivery that failed. */
  @Index() @Column({ type: 'uuid', nullable: true }) brokerOrganisationId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) readAt!: Date | null;
}

export enum DeliveryChannel {
  Email = 'email',
  Sms = 'sms',
}

export enum DeliveryStatus {
  Queued = 'queued',
  /** Handed to the mail server or Notify and not yet recorded as accepted: a retry sends with the same key. */
  Sending = 'sending',
  Sent = 'sent',
  Failed = 'failed',
}

/** One notification by one channel: sent once, retried, and when it fails for good, recorded for the broker. */
@Entity('notification_delivery')
@Unique('uq_notification_delivery', ['notificationId', 'channel'])
@Index('ix_notification_delivery_failed', ['status'], { where: `status = 'failed'` })
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) notificationId!: string;
  @Column({ type: 'enum', enum: DeliveryChannel, enumName: 'notification_channel' }) channel!: DeliveryChannel;
  /** The address or number it goes to, as it was when the notification was made. */
  @Column({ type: 'text' }) address!: string;
  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'notification_delivery_status' }) status!: DeliveryStatus;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ type: 'text', nullable: true }) lastError!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) failedAt!: Date | null;
}

/** How a person wants to be told, besides in-app (always). No row: email on, SMS off. */
@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' }) userId!: string;
  @Column({ type: 'boolean' }) email!: boolean;
  @Column({ type: 'boolean' }) sms!: boolean;
  /** A UK mobile number for SMS. */
  @Column({ type: 'text', nullable: true }) mobile!: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
