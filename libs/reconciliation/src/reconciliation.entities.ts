import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MoneyColumn } from '@kinwell/database';
import { Money } from '@kinwell/kernel';

export enum ExceptionStatus {
  Open = 'open',
  Resolved = 'resolved',
}

export enum ExceptionResolution {
  Accept = 'accept',
  Recover = 'recover',
  Reclassify = 'reclassify',
}

/** Something a broker must look at; resolved with a note, never deleted. */
@Entity('spend_exception')
@Unique('uq_spend_exception', ['planId', 'spendRef', 'kind'])
export class SpendException {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) planId!: string;
  /** The budget movement (or refused authorisation) it is about. */
  @Column({ type: 'text' }) spendRef!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) detail!: string;
  @Column({ type: 'enum', enum: ExceptionStatus, enumName: 'spend_exception_status' }) status!: ExceptionStatus;
  @Column({ type: 'enum', enum: ExceptionResolution, enumName: 'spend_exception_resolution', nullable: true })
  resolution!: ExceptionResolution | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'uuid', nullable: true }) resolvedBy!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** How each spend was split across goals in the latest reconciliation of its plan. */
@Entity('spend_goal_match')
@Index('ix_spend_goal_match_plan', ['planId', 'goalId'])
@Unique('uq_spend_goal_match', ['planId', 'spendRef', 'itemId', 'goalId'])
export class SpendGoalMatch {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'text' }) spendRef!: string;
  @Column({ type: 'uuid' }) itemId!: string;
  @Column({ type: 'text' }) goalId!: string;
  @Column({ type: 'bigint' }) pence!: string;
}

/** A closed statement period: its figures are kept as they were, later corrections go into the next. */
@Entity('statement_period')
@Unique('uq_statement_period', ['planId', 'periodEnd'])
export class StatementPeriod {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'date' }) periodStart!: string;
  @Column({ type: 'date' }) periodEnd!: string;
  @Column({ type: 'uuid' }) closedBy!: string;
  @Column({ type: 'timestamptz' }) closedAt!: Date;
  @Column({ type: 'jsonb' }) snapshot!: Record<string, unknown>;
}

/** A receipt for a spend; the file itself lives in file storage. */
@Entity('receipt')
export class Receipt {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) planId!: string;
  @Index() @Column({ type: 'text' }) spendRef!: string;
  @Column({ type: 'text' }) contentType!: string;
  @Column({ type: 'int' }) sizeBytes!: number;
  @Column({ type: 'text' }) storageKey!: string;
  @Column({ type: 'uuid' }) uploadedBy!: string;
  @Column({ type: 'timestamptz' }) uploadedAt!: Date;
}

/** Which reminder stages were sent for a spend, so each is sent once. */
@Entity('receipt_reminder')
@Unique('uq_receipt_reminder', ['spendRef', 'stage'])
export class ReceiptReminder {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) spendRef!: string;
  /** Days after the purchase, or 'freeze'. */
  @Column({ type: 'text' }) stage!: string;
  @Column({ type: 'timestamptz' }) sentAt!: Date;
}

/** What a holder on a direct payment reports buying with it: the evidence for that payment. */
@Entity('reported_spend')
@Index('ix_reported_spend_item', ['planId', 'itemId'])
export class ReportedSpend {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'uuid' }) itemId!: string;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
  @Column({ type: 'text' }) merchantName!: string;
  @Column({ type: 'date' }) occurredOn!: string;
  @Column({ type: 'uuid' }) reportedBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

export enum RecoveryStatus {
  Owed = 'owed',
  Recovered = 'recovered',
  WrittenOff = 'written_off',
}

/** Who owes money back after a spend that should not have happened. */
export enum OwedBy {
  Holder = 'holder',
  Provider = 'provider',
  Shop = 'shop',
}

/**
 * Money a broker decided to get back when resolving an exception: what is owed and by whom, until it
 * comes back (a refund into the budget, in the ledger) or is written off with a reason.
 */
@Entity('spend_recovery')
export class SpendRecovery {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index() @Column({ type: 'uuid' }) planId!: string;
  @Column({ type: 'uuid' }) budgetId!: string;
  @Index({ unique: true }) @Column({ type: 'uuid' }) exceptionId!: string;
  @MoneyColumn({ name: 'owed_pence' }) owed!: Money;
  @Column({ type: 'enum', enum: OwedBy, enumName: 'spend_recovery_owed_by' }) owedBy!: OwedBy;
  @Column({ type: 'enum', enum: RecoveryStatus, enumName: 'spend_recovery_status' }) status!: RecoveryStatus;
  @Column({ type: 'uuid' }) raisedBy!: string;
  @Column({ type: 'timestamptz' }) raisedAt!: Date;
  @Column({ type: 'uuid', nullable: true }) settledBy!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) settledAt!: Date | null;
  /** The bank reference of the money coming back, or why it was written off. */
  @Column({ type: 'text', nullable: true }) settledNote!: string | null;
}

/** A provider's invoice against an order placed by invoice: the PDF itself lives in file storage. */
@Entity('provider_invoice')
export class ProviderInvoice {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true }) @Column({ type: 'uuid' }) intentId!: string;
  @Index() @Column({ type: 'uuid' }) providerOrganisationId!: string;
  @Column({ type: 'text' }) invoiceNumber!: string;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
  @Column({ type: 'date' }) issuedOn!: string;
  /** Uploaded by the provider, or made by Kinwell from the short form. */
  @Column({ type: 'text' }) source!: 'upload' | 'form';
  @Column({ type: 'text' }) storageKey!: string;
  @Column({ type: 'int' }) sizeBytes!: number;
  @Column({ type: 'uuid' }) submittedBy!: string;
  @Column({ type: 'timestamptz' }) submittedAt!: Date;
}

export const RECONCILIATION_ENTITIES = [
  ProviderInvoice,
  SpendRecovery,
  SpendException,
  SpendGoalMatch,
  StatementPeriod,
  Receipt,
  ReceiptReminder,
  ReportedSpend,
];
