import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation, UpdateDateColumn } from 'typeorm';
import { Organisation } from '@kinwell/identity';
import { DeliveryMode } from './vocabulary';

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
