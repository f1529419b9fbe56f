import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation, UpdateDateColumn } from 'typeorm';
import { MoneyColumn } from '@kinwell/database';
import { Money } from '@kinwell/kernel';
import { ListedService } from './listed-service.entity';
import { OfferingKind, PhbExclusion, PriceUnit } from './vocabulary';

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
