import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_log')
@Index('ix_audit_log_subject', ['subjectType', 'subjectId', 'occurredAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  /** Null for the system itself (worker jobs, seeding). */
  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'text' })
  actorLabel!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  subjectType!: string;

  @Column({ type: 'text' })
  subjectId!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** A summary of what changed, e.g. { status: { from: 'draft', to: 'submitted' } }. */
  @Column({ type: 'jsonb', nullable: true })
  change!: Record<string, unknown> | null;
}
