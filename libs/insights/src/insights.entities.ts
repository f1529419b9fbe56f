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

/**
 * One figure of the commissioner's workspace for one area, as computed at one moment (the worker computes them all
 * after each refresh of the read models), so a page and its downloads show the same figures and say when they are from.
 */
@Entity('insight_snapshot')
export class InsightSnapshot {
  @PrimaryColumn({ type: 'uuid' }) commissionerId!: string;
  @PrimaryColumn({ type: 'text' }) figure!: string;
  @Column({ type: 'timestamptz' }) computedAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) readModelsAt!: Date | null;
  @Column({ type: 'jsonb' }) payload!: unknown;
}
