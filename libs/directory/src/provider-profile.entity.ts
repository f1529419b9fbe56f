import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Relation, UpdateDateColumn } from 'typeorm';
import { Organisation } from '@kinwell/identity';
import { PaymentMethod, ProviderKind } from './vocabulary';

/** The live (approved) directory profile of a provider organisation. */
@Entity('provider_profile')
export class ProviderProfile {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @OneToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'enum', enum: ProviderKind, enumName: 'provider_kind' })
  providerKind!: ProviderKind;

  @Column({ type: 'boolean' })
  livedExperienceLed!: boolean;

  @Column({ type: 'text', array: true })
  paymentMethods!: PaymentMethod[];

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
