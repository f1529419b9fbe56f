import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { OrganisationKind, Role } from './roles';

@Entity('membership')
@Unique('uq_membership_user_organisation_role', ['userId', 'organisationId', 'role'])
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'enum', enum: Role, enumName: 'membership_role' })
  role!: Role;

  /** Panel members with lived experience of mental health services; some sign-off tiers require one. */
  @Column({ type: 'boolean', default: false })
  livedExperience!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind!: OrganisationKind;

  /** The commissioner (ICB) whose area this organisation works in; null for commissioners themselves. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  commissionerId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commissioner_id' })
  commissioner?: Relation<Organisation> | null;

  /** How the people it supports reach it (a broker, a care team): shown to them, never to a commissioner. */
  @Column({ type: 'text', nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

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

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** citext: unique regardless of case. */
  @Column({ type: 'citext', unique: true })
  email!: string;

  @Column({ type: 'text' })
  displayName!: string;

  /** argon2id; null for people who cannot sign in (yet). Never logged, never in the API. */
  @Column({ type: 'text', nullable: true, select: false })
  passwordHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
