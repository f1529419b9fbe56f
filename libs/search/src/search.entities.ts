import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * PostgresSearchIndex's own table: one narrow row per searchable offering, holding only
 * what search filters, orders and counts by. The GIN indexes are written by migration.
 */
@Entity('offering_search')
@Index('ix_offering_search_vector', { synchronize: false })
@Index('ix_offering_search_arrays', { synchronize: false })
@Index('ix_offering_search_category_price', ['categoryCode', 'pricePence'])
@Index('ix_offering_search_price', ['pricePence'])
// A plain box on latitude and longitude, not a cube index: the planner has real statistics for it.
@Index('ix_offering_search_lat_lon', ['latitude', 'longitude'])
export class OfferingSearchRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Index() @Column({ type: 'uuid' }) providerId!: string;
  @Column({ type: 'text' }) providerKind!: string;
  @Column({ type: 'boolean' }) peerLed!: boolean;
  /** The offering's name, lower-cased and accent-free: for ordering by name and ranking name matches. */
  @Column({ type: 'text' }) nameText!: string;
  @Column({ type: 'text' }) categoryCode!: string;
  @Column({ type: 'text', array: true }) communities!: string[];
  @Column({ type: 'text', array: true }) languages!: string[];
  @Column({ type: 'text', array: true }) deliveryModes!: string[];
  @Column({ type: 'text', array: true }) accessibility!: string[];
  @Column({ type: 'bigint' }) pricePence!: string;
  @Column({ type: 'double precision', nullable: true }) latitude!: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude!: number | null;
  /** Names weighted above descriptions; display text itself is read from the live directory. */
  @Column({ type: 'tsvector' }) searchVector!: string;
}

/** Every word in the index, for expanding misspelt query words (trigram index by migration). */
@Entity('search_vocabulary')
@Index('ix_search_vocabulary_trgm', { synchronize: false })
export class SearchVocabularyWord {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_search_vocabulary' }) word!: string;
}

/**
 * One search, recorded anonymously as a demand signal for commissioners: never a user
 * id, never an exact point; place only as a postcode district.
 */
@Entity('search_demand')
@Index('ix_search_demand_time', ['occurredAt'])
export class SearchDemand {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'timestamptz' }) occurredAt!: Date;
  @Column({ type: 'text', nullable: true }) terms!: string | null;
  @Column({ type: 'jsonb' }) filters!: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) postcodeDistrict!: string | null;
  @Column({ type: 'int' }) resultCount!: number;
  /** Zero-result searches are the most valuable signal of a gap. */
  @Index() @Column({ type: 'boolean' }) zeroResults!: boolean;
  @Column({ type: 'text' }) source!: string;
}
