import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An email Kinwell would have sent, kept for reading when no SMTP server is configured (development). */
@Entity('captured_email')
export class CapturedEmail {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The outbox event that asked for it: a redelivered event is captured once. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  messageKey!: string;

  @Index()
  @Column({ type: 'citext' })
  recipient!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text' })
  language!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
