import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** The area's population by group, uploaded by a commissioner, to set uptake beside. */
@Entity('area_population')
@Unique('uq_area_population', ['commissionerId', 'dimension', 'groupKey'])
export class AreaPopulation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) commissionerId!: string;
  @Column({ type: 'text' }) dimension!: string;
  @Column({ type: 'text' }) groupKey!: string;
  @Column({ type: 'int' }) population!: number;
  @Column({ type: 'timestamptz' }) uploadedAt!: Date;
}

/** When each read model was last refreshed, so every figure built on one says "as of" then. */
@Entity('insight_refresh')
export class InsightRefresh {
  @PrimaryColumn({ type: 'text' }) view!: string;
  @Column({ type: 'timestamptz' }) refreshedAt!: Date;
}
