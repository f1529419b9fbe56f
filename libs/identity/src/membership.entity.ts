import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { Organisation } from './organisation.entity';
import { Role } from './roles';
import { User } from './user.entity';

@Entity('membership')
@Unique('uq_membership_user_organisation_role', ['userId', 'organisationId', 'role'])
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Index()
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'enum', enum: Role, enumName: 'membership_role' })
  role!: Role;

  /** Panel members with lived experience of mental health services; some sign-off tiers require one. */
  @Column({ type: 'boolean', default: false })
  livedExperience!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
