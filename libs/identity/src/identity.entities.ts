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

  /** An organisation admin invites colleagues, changes their roles and deactivates them. */
  @Column({ type: 'boolean', default: false })
  admin!: boolean;

  /** Set when an admin deactivates the person here; their access through this membership ends at once. */
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

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

  /**
   * When it may act: null while a provider that registered itself waits for a moderator in its area.
   * Organisations a platform admin creates are approved as they are made.
   */
  @Column({ type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  /** A moderator's reason for turning a registration down, shown to the people who registered it. */
  @Column({ type: 'text', nullable: true })
  rejectionReason!: string | null;

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

  /** Proven by following a link sent to the address (an invitation's link proves it too). */
  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  /** The language Kinwell writes to them in: their emails, and their pages until they choose another. */
  @Column({ type: 'text', default: 'en' })
  language!: string;

  /** The TOTP secret, encrypted with a key derived from JWT_SECRET. Never in the API. */
  @Column({ type: 'text', nullable: true, select: false })
  totpSecret!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt!: Date | null;

  /** Set when the password changes: bearer tokens issued before it stop working at once. */
  @Column({ type: 'timestamptz', nullable: true })
  credentialsChangedAt!: Date | null;

  /** The last TOTP time step accepted, so a code seen over a shoulder cannot be used again. */
  @Column({ type: 'bigint', nullable: true, select: false })
  totpLastStep!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

export enum InvitationKind {
  /** A broker invites the person a holder record is for. */
  Holder = 'holder',
  /** A carer or advocate the holder has named. */
  Representative = 'representative',
  /** A colleague, invited by an organisation admin with a role. */
  Staff = 'staff',
}

/** An invitation to join Kinwell in a particular place; its links are account tokens. */
@Entity('invitation')
@Index('ix_invitation_organisation', ['organisationId', 'createdAt'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'enum', enum: InvitationKind, enumName: 'invitation_kind' })
  kind!: InvitationKind;

  @Column({ type: 'citext' })
  email!: string;

  @Column({ type: 'text' })
  displayName!: string;

  /** The organisation the invitation is from: the broker for a holder or representative, the employer for staff. */
  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'enum', enum: Role, enumName: 'membership_role', nullable: true })
  role!: Role | null;

  @Column({ type: 'boolean', default: false })
  admin!: boolean;

  /** For a holder or representative invitation: the holder record it links to. */
  @Column({ type: 'uuid', nullable: true })
  holderId!: string | null;

  /** For a representative: how they stand to the holder (carer, advocate...). */
  @Column({ type: 'text', nullable: true })
  relationship!: string | null;

  @Column({ type: 'text', default: 'en' })
  language!: string;

  @Column({ type: 'uuid', nullable: true })
  invitedBy!: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

export enum TokenPurpose {
  Invitation = 'invitation',
  VerifyEmail = 'verify_email',
  ResetPassword = 'reset_password',
  SignInLink = 'sign_in_link',
  /** The first administrator's set-up link, printed by `npm run admin:create`. */
  AdminSetUp = 'admin_set_up',
}

/**
 * A single-use link. Only a SHA-256 of the random token is stored, so the table alone cannot be
 * used to sign in as anyone; using it is one UPDATE ... WHERE used_at IS NULL, so two clicks cannot both win.
 */
@Entity('account_token')
export class AccountToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'enum', enum: TokenPurpose, enumName: 'account_token_purpose' })
  purpose!: TokenPurpose;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  invitationId!: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** One-time codes for when the authenticator is lost; stored as hashes, each good once. */
@Entity('recovery_code')
export class RecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  codeHash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
