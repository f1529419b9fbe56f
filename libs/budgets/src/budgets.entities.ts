import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { MoneyColumn } from '@kinwell/database';
import { Money } from '@kinwell/kernel';
import { LedgerAccount, MovementKind } from './domain/ledger';

export enum BudgetKind {
  /** A broker holds the money and buys on the holder's behalf. */
  ThirdParty = 'third_party',
  /** No money moves; the holder chooses from services already commissioned. */
  Notional = 'notional',
  /** Paid to the holder, who shows what they spent it on. */
  DirectPayment = 'direct_payment',
}

export interface AllocationLine {
  label: string;
  pence: number;
}

/** One budget per holder per plan period. Its balances come only from its ledger. */
@Entity('budget')
@Index('ix_budget_holder', ['holderId', 'periodStart'])
export class Budget {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) holderId!: string;
  /** The commissioner (ICB) whose money it is. */
  @Index() @Column({ type: 'uuid' }) commissionerId!: string;
  /** The broker holding the money (third-party budgets). */
  @Column({ type: 'uuid', nullable: true }) heldByOrganisationId!: string | null;
  @Column({ type: 'enum', enum: BudgetKind, enumName: 'budget_kind' }) kind!: BudgetKind;
  @Column({ type: 'date' }) periodStart!: string;
  @Column({ type: 'date' }) periodEnd!: string;
  /** How the amount was calculated, in plain words, known before planning starts. */
  @Column({ type: 'text' }) allocationNote!: string;
  @Column({ type: 'jsonb' }) allocationLines!: AllocationLine[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}

/** One money movement; replaying its idempotency key returns it instead of moving money again. */
@Entity('budget_movement')
@Unique('uq_budget_movement_idempotency', ['budgetId', 'idempotencyKey'])
@Index('ix_budget_movement_reference', ['budgetId', 'referenceId'])
export class BudgetMovement {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) budgetId!: string;
  @ManyToOne(() => Budget, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'budget_id' })
  budget?: Relation<Budget>;
  @Column({ type: 'enum', enum: MovementKind, enumName: 'budget_movement_kind' }) kind!: MovementKind;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
  @Column({ type: 'text' }) idempotencyKey!: string;
  /** What the money is for, e.g. a plan item. */
  @Column({ type: 'text', nullable: true }) referenceType!: string | null;
  @Column({ type: 'uuid', nullable: true }) referenceId!: string | null;
  @Column({ type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ type: 'text' }) actorLabel!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'timestamptz' }) occurredAt!: Date;
}

/** The double-entry lines: two per movement, summing to zero. Append-only. */
@Entity('budget_ledger_entry')
@Index('ix_budget_ledger_account', ['budgetId', 'account'])
export class LedgerEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Index() @Column({ type: 'uuid' }) movementId!: string;
  @ManyToOne(() => BudgetMovement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'movement_id' })
  movement?: Relation<BudgetMovement>;
  @Column({ type: 'uuid' }) budgetId!: string;
  @Column({ type: 'enum', enum: LedgerAccount, enumName: 'ledger_account' }) account!: LedgerAccount;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
}
