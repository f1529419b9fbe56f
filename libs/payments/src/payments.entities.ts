import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MoneyColumn } from '@kinwell/database';
import { Money } from '@kinwell/kernel';

export enum PaymentMethodKind {
  Card = 'card',
  Invoice = 'invoice',
  DirectPayment = 'direct_payment',
}

export enum IntentStatus {
  Open = 'open',
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
  /** A small overspend the area's policy tolerates (e.g. a price rise since approval). */
  @MoneyColumn({ name: 'tolerance_pence' }) tolerance!: Money;
  /** Running total of approved card authorisations, kept under the row lock for quick decisions. */
  @MoneyColumn({ name: 'authorised_pence' }) authorised!: Money;
  @Column({ type: 'enum', enum: IntentStatus, enumName: 'purchase_intent_status' }) status!: IntentStatus;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  /** Invoice number or payment reference given when paid. */
  @Column({ type: 'text', nullable: true }) paymentReference!: string | null;
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

/** Every authorisation decision, keyed on the issuer's id so a replay gets the same answer. */
@Entity('card_authorization')
export class CardAuthorization {
  @PrimaryColumn({ type: 'text' }) issuerAuthorizationId!: string;
  @Index() @Column({ type: 'text' }) issuerCardId!: string;
  @Index() @Column({ type: 'uuid', nullable: true }) intentId!: string | null;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
  @Column({ type: 'text' }) merchantName!: string;
  @Column({ type: 'text' }) merchantCategory!: string;
  @Column({ type: 'boolean' }) approved!: boolean;
  /** Why it was declined, in words a broker can act on. */
  @Column({ type: 'text', nullable: true }) declineReason!: string | null;
  @Column({ type: 'timestamptz' }) decidedAt!: Date;
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
  @Column({ type: 'uuid' }) intentId!: string;
  @Column({ type: 'enum', enum: CardTransactionKind, enumName: 'card_transaction_kind' }) kind!: CardTransactionKind;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
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

export const PAYMENT_ENTITIES = [PurchaseIntent, IssuerCardholder, IssuedCard, CardAuthorization, CardTransaction, IssuerEvent];
