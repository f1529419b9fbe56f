import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Organisation } from '@kinwell/identity';
import { ListedService } from './listed-service.entity';

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
