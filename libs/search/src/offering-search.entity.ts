import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * PostgresSearchIndex's own table: one row per searchable offering. The GIN, trigram
 * and earth-distance indexes are written by migration (TypeORM cannot express them).
 */
@Entity('offering_search')
@Index('ix_offering_search_vector', { synchronize: false })
@Index('ix_offering_search_trgm', { synchronize: false })
@Index('ix_offering_search_earth', { synchronize: false })
@Index('ix_offering_search_arrays', { synchronize: false })
@Index('ix_offering_search_category_price', ['categoryCode', 'pricePence'])
@Index('ix_offering_search_price', ['pricePence'])
export class OfferingSearchRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Index() @Column({ type: 'uuid' }) providerId!: string;
  @Column({ type: 'text' }) providerName!: string;
  @Column({ type: 'text' }) providerKind!: string;
  @Column({ type: 'boolean' }) peerLed!: boolean;
  @Column({ type: 'uuid' }) serviceId!: string;
  @Column({ type: 'text' }) serviceName!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text' }) categoryCode!: string;
  @Column({ type: 'text', array: true }) communities!: string[];
  @Column({ type: 'text', array: true }) languages!: string[];
  @Column({ type: 'boolean' }) interpreterAvailable!: boolean;
  @Column({ type: 'text', array: true }) deliveryModes!: string[];
  @Column({ type: 'text', array: true }) accessibility!: string[];
  @Column({ type: 'bigint' }) pricePence!: string;
  @Column({ type: 'text' }) priceUnit!: string;
  @Column({ type: 'double precision', nullable: true }) latitude!: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude!: number | null;
  @Column({ type: 'text', nullable: true }) postcodeDistrict!: string | null;
  @Column({ type: 'timestamptz' }) updatedAt!: Date;
  /** Lower-cased, accent-free text for typo-tolerant trigram matching. */
  @Column({ type: 'text' }) searchText!: string;
  @Column({ type: 'tsvector' }) searchVector!: string;
}
