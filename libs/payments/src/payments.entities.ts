import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MoneyColumn } from '@kinwell/database';
import { Money } from '@kinwell/kernel';
import type { DeclineCode } from './domain/authorization-rules';

export enum PaymentMethodKind {
  Card = 'card',
  Invoice = 'invoice',
  DirectPayment = 'direct_payment',
}

export enum IntentStatus {
  Open = 'open',
  /** The card takes no new payments; approved card payments are still to be taken or reversed. */
  Settling = 'settling',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

/** How an approved plan item is paid for; its money is the item's commitment in the budget. */
@Entity('purchase_intent')
export class PurchaseIntent {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index({ unique: true, where: "status <> 'cancelled'" }) @Column({ type: 'uuid' }) planItemId!: string;
  @Index() @Column({ type: 'uuid' }) budgetId!: string;
  @Column({ type: 'uuid' }) planId!: string;
  @Index() @Column({ type: 'uuid' }) brokerOrganisationId!: string;
  /** The provider paid by invoice, where the item came from the directory. */
  @Index() @Column({ type: 'uuid', nullable: true }) providerOrganisationId!: string | null;
  @Column({ type: 'enum', enum: PaymentMethodKind, enumName: 'payment_method_kind' }) method!: PaymentMethodKind;
  @MoneyColumn({ name: 'approved_pence' }) approved!: Money;
  /** A small overspend the area's policy tolerates (e.g. a price rise), committed from what was available when the card was issued. */
  @MoneyColumn({ name: 'tolerance_pence' }) tolerance!: Money;
  /** Running total of approved card authorisations. */
  @MoneyColumn({ name: 'authorised_pence' }) authorised!: Money;
  /**
   * What the ledger holds committed for this purchase now (approved + tolerance, less what was spent
   * or released). Kept beside the ledger, under this row's lock, so a card decision reads one row.
   */
  @MoneyColumn({ name: 'committed_pence' }) committed!: Money;
  /** Approved card authorisations not yet captured or reversed: money promised to a merchant. */
  @MoneyColumn({ name: 'held_pence' }) held!: Money;
  /** Everything captured on the card (including any part the commitment did not cover). */
  @MoneyColumn({ name: 'captured_pence' }) captured!: Money;
  @Column({ type: 'enum', enum: IntentStatus, enumName: 'purchase_intent_status' }) status!: IntentStatus;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  /** Invoice number or payment reference given when paid. */
  @Column({ type: 'text', nullable: true }) paymentReference!: string | null;
}

/**
 * Where a provider is paid by bank transfer: kept for the brokers who pay its invoices, sealed at rest,
 * and shown masked except when a broker paying an order asks to see it (audited).
 */
@Entity('provider_bank_details')
export class ProviderBankDetails {
  @PrimaryColumn({ type: 'uuid' }) organisationId!: string;
  @Column({ type: 'text' }) accountName!: string;
  /** Sort code and account number, sealed together. */
  @Column({ type: 'text' }) sealed!: string;
  /** The account number's last four digits, for the masked view. */
  @Column({ type: 'text' }) last4!: string;
  @Column({ type: 'uuid' }) updatedBy!: string;
  @Column({ type: 'timestamptz' }) updatedAt!: Date;
}

/** One card issuer cardholder per broker organisation: UK Issuing cards are commercial. */
@Entity('issuer_cardholder')
@Unique('uq_issuer_cardholder', ['issuer', 'brokerOrganisationId'])
export class IssuerCardholder {
  @PrimaryColumn({ type: 'text' }) issuerCardholderId!: string;
  @Column({ type: 'text' }) issuer!: string;
  @Column({ type: 'uuid' }) brokerOrganisationId!: string;
}

export enum CardStatus {
  Active = 'active',
  Inactive = 'inactive',
  Canceled = 'canceled',
}

/** A single-use virtual card bound to one purchase intent. */
@Entity('issued_card')
export class IssuedCard {
  @PrimaryColumn({ type: 'text' }) issuerCardId!: string;
  @Column({ type: 'text' }) issuer!: string;
  @Index({ unique: true }) @Column({ type: 'uuid' }) intentId!: string;
  @Column({ type: 'text' }) last4!: string;
  @Column({ type: 'int' }) expMonth!: number;
  @Column({ type: 'int' }) expYear!: number;
  @MoneyColumn({ name: 'spending_limit_pence' }) spendingLimit!: Money;
  @Column({ type: 'text', array: true }) allowedCategories!: string[];
  @Column({ type: 'text', array: true }) blockedCategories!: string[];
  @Column({ type: 'enum', enum: CardStatus, enumName: 'issued_card_status' }) status!: CardStatus;
}

/**
 * Every authorisation decision, keyed on the issuer's id and the request's place in its history
 * (0 for the first request, 1.. for incremental ones), so a replay gets the same answer.
 */
@Entity('card_authorization')
export class CardAuthorization {
  @PrimaryColumn({ type: 'text' }) issuerAuthorizationId!: string;
  @PrimaryColumn({ type: 'int', default: 0 }) requestSeq!: number;
  @Index() @Column({ type: 'text' }) issuerCardId!: string;
  @Index() @Column({ type: 'uuid', nullable: true }) intentId!: string | null;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
  @Column({ type: 'text' }) merchantName!: string;
  @Column({ type: 'text' }) merchantCategory!: string;
  @Column({ type: 'boolean' }) approved!: boolean;
  /** Why it was declined, in words a broker can act on. */
  @Column({ type: 'text', nullable: true }) declineReason!: string | null;
  /** The same as a code (a DeclineCode), for reports and reconciliation to act on. */
  @Column({ type: 'text', nullable: true }) declineCode!: DeclineCode | null;
  @Column({ type: 'timestamptz' }) decidedAt!: Date;
}

/**
 * What an approved authorisation still holds for its merchant (decisions themselves are append-only):
 * raised by each approved request, lowered by captures, reversals and expiry.
 */
@Entity('card_hold')
export class CardHold {
  @PrimaryColumn({ type: 'text' }) issuerAuthorizationId!: string;
  @Index() @Column({ type: 'uuid' }) intentId!: string;
  @MoneyColumn({ name: 'held_pence' }) held!: Money;
}

export enum CardTransactionKind {
  Capture = 'capture',
  Refund = 'refund',
}

/** Money actually taken (or given back), posted to the ledger once. */
@Entity('card_transaction')
export class CardTransaction {
  @PrimaryColumn({ type: 'text' }) issuerTransactionId!: string;
  @Index() @Column({ type: 'text' }) issuerCardId!: string;
  @Column({ type: 'text', nullable: true }) issuerAuthorizationId!: string | null;
  /** Null for a card Kinwell has no record of: the transaction is kept, and nothing is posted. */
  @Column({ type: 'uuid', nullable: true }) intentId!: string | null;
  @Column({ type: 'enum', enum: CardTransactionKind, enumName: 'card_transaction_kind' }) kind!: CardTransactionKind;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
  /** The part posted to the ledger; the rest waits, as a spending exception, for a person to resolve. */
  @MoneyColumn({ name: 'posted_pence', default: 0 }) posted!: Money;
  @Column({ type: 'text' }) merchantName!: string;
  @Column({ type: 'text' }) merchantCategory!: string;
  @Column({ type: 'timestamptz' }) occurredAt!: Date;
}

/** Issuer webhook events already handled, so a redelivery changes nothing. */
@Entity('issuer_event')
export class IssuerEvent {
  @PrimaryColumn({ type: 'text' }) eventId!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'timestamptz' }) receivedAt!: Date;
}

export const PAYMENT_ENTITIES = [
  PurchaseIntent,
  IssuerCardholder,
  IssuedCard,
  CardAuthorization,
  CardHold,
  CardTransaction,
  IssuerEvent,
  ProviderBankDetails,
];
