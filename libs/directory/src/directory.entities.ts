import type { ServiceContact, ServiceSchedule } from './proposals';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Organisation } from '@kinwell/identity';
import { DeliveryMode, OfferingKind, PaymentMethod, PhbExclusion, PriceUnit, ProviderKind } from './vocabulary';
import { MoneyColumn } from '@kinwell/database';
import { Money } from '@kinwell/kernel';

@Entity('location')
export class ListedLocation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  addressLine!: string;

  @Column({ type: 'text' })
  town!: string;

  @Column({ type: 'text' })
  postcode!: string;

  @Index()
  @Column({ type: 'text' })
  postcodeDistrict!: string;

  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;

  @Column({ type: 'text', array: true })
  accessibility!: string[];

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** HSDS service_at_location: where a service is delivered. */
@Entity('service_at_location')
@Unique('uq_service_at_location', ['serviceId', 'locationId'])
export class ServiceAtLocation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  serviceId!: string;

  @ManyToOne(() => ListedService, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: Relation<ListedService>;

  @Index()
  @Column({ type: 'uuid' })
  locationId!: string;

  @ManyToOne(() => ListedLocation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'location_id' })
  location?: Relation<ListedLocation>;
}

/** A live (approved) service, shaped on HSDS `service` plus Kinwell's PHB profile. */
@Entity('service')
export class ListedService {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', array: true })
  deliveryModes!: DeliveryMode[];

  /** Language codes (vocabulary.LANGUAGES) the service is delivered in. */
  @Column({ type: 'text', array: true })
  languages!: string[];

  @Column({ type: 'boolean' })
  interpreterAvailable!: boolean;

  /** Community codes (vocabulary.COMMUNITIES) the service is run for or by. */
  @Column({ type: 'text', array: true })
  communities!: string[];

  @Column({ type: 'text', nullable: true })
  eligibilityDescription!: string | null;

  @Column({ type: 'int', nullable: true })
  minimumAge!: number | null;

  @Column({ type: 'int', nullable: true })
  maximumAge!: number | null;

  /** When the provider last said the listing is still right. */
  /** Weekly openings (HSDS schedules). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  schedules!: ServiceSchedule[];

  /** Postcode districts served (HSDS service areas). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  serviceAreas!: string[];

  /** People to ask about it (HSDS contacts). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts!: ServiceContact[];

  @Column({ type: 'timestamptz' })
  lastConfirmedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  staleFlaggedAt!: Date | null;

  /** Hidden from the public for not being confirmed; confirming shows it again. */
  @Column({ type: 'timestamptz', nullable: true })
  hiddenAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

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

/** Something a budget can buy from a service: a course, a membership, a block of sessions, an item. */
@Entity('offering')
export class Offering {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  serviceId!: string;

  @ManyToOne(() => ListedService, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: Relation<ListedService>;

  /** The provider, kept here so ownership checks need no join. */
  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'enum', enum: OfferingKind, enumName: 'offering_kind' })
  kind!: OfferingKind;

  @MoneyColumn({ name: 'price_pence' })
  price!: Money;

  @Column({ type: 'enum', enum: PriceUnit, enumName: 'price_unit' })
  priceUnit!: PriceUnit;

  @Column({ type: 'text' })
  categoryCode!: string;

  @Column({ type: 'boolean' })
  available!: boolean;

  /** Sold as fast-track (bought without the usual sign-off, e.g. the Stay Connected phone and SIM): a flag, not a word in the name. */
  @Column({ type: 'boolean', default: false })
  fastTrack!: boolean;

  @Column({ type: 'text', nullable: true })
  availabilityNote!: string | null;

  /** Set when a personal health budget may not buy this (NHS rules); such offerings never appear in search. */
  @Column({ type: 'enum', enum: PhbExclusion, enumName: 'phb_exclusion', nullable: true })
  phbExclusion!: PhbExclusion | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** The live (approved) directory profile of a provider organisation. */
@Entity('provider_profile')
export class ProviderProfile {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @OneToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'enum', enum: ProviderKind, enumName: 'provider_kind' })
  providerKind!: ProviderKind;

  @Column({ type: 'boolean' })
  livedExperienceLed!: boolean;

  @Column({ type: 'text', array: true })
  paymentMethods!: PaymentMethod[];

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** HSDS taxonomy_term; Kinwell's PHB categories are seeded by migration. */
@Entity('taxonomy_term')
export class TaxonomyTerm {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  taxonomy!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;
}

/** Approximate centroids of postcode districts, for "near a postcode" searches. */
@Entity('postcode_district')
export class PostcodeDistrict {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;
}
