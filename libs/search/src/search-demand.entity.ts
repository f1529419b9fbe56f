import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
