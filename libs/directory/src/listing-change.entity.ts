import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export enum ListingSubject {
  Provider = 'provider',
  Service = 'service',
  Location = 'location',
  Offering = 'offering',
}

export enum ListingOperation {
  Create = 'create',
  Update = 'update',
  Withdraw = 'withdraw',
}

export enum ListingChangeStatus {
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
  /** Replaced by a newer proposal for the same listing before anyone decided. */
  Superseded = 'superseded',
}

/**
 * One proposed version of a listing. Provider staff propose; a moderator approves
 * (the proposal becomes the live row) or rejects with a reason. Every version is kept.
 */
@Entity('listing_change')
@Unique('uq_listing_change_version', ['subjectId', 'version'])
@Index('ix_listing_change_status', ['status', 'submittedAt'])
export class ListingChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'enum', enum: ListingSubject, enumName: 'listing_subject' })
  subjectType!: ListingSubject;

  @Column({ type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'enum', enum: ListingOperation, enumName: 'listing_operation' })
  operation!: ListingOperation;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  proposed!: Record<string, unknown>;

  @Column({ type: 'enum', enum: ListingChangeStatus, enumName: 'listing_change_status' })
  status!: ListingChangeStatus;

  @Column({ type: 'uuid' })
  submittedBy!: string;

  @Column({ type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** Shown to the provider: why it was rejected, or a note on approval. */
  @Column({ type: 'text', nullable: true })
  decisionReason!: string | null;
}
