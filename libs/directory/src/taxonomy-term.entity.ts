import { Column, Entity, PrimaryColumn } from 'typeorm';

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
