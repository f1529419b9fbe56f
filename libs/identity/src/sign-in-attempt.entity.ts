import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Kept in the database, not memory, so the limit holds across API instances. */
@Entity('sign_in_attempt')
@Index('ix_sign_in_attempt_email', ['emailKey', 'attemptedAt'])
@Index('ix_sign_in_attempt_ip', ['ipAddress', 'attemptedAt'])
export class SignInAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Lower-cased email as typed (it may not belong to anyone). */
  @Column({ type: 'text' })
  emailKey!: string;

  @Column({ type: 'text' })
  ipAddress!: string;

  @Column({ type: 'boolean' })
  succeeded!: boolean;

  @Column({ type: 'timestamptz' })
  attemptedAt!: Date;
}
