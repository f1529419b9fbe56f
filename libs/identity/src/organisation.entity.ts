import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { OrganisationKind } from './roles';

@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind!: OrganisationKind;

  /** The commissioner (ICB) whose area this organisation works in; null for commissioners themselves. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  commissionerId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commissioner_id' })
  commissioner?: Relation<Organisation> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
