import { Money } from '@kinwell/kernel';

export interface NewCard {
  intentId: string;
  limit: Money;
  allowedCategories: string[];
  blockedCategories: string[];
}

export interface CardDetails {
  issuerCardId: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface IssuerCard extends CardDetails {
  status: 'active' | 'inactive' | 'canceled';
  /** The purchase Kinwell asked for it for (card metadata). */
  intentId: string | null;
}

/**
 * How a broker reads a card's full details to pay a shop online: the sandbox's own test details, or
 * Stripe's Issuing Elements, which draw the number in the broker's browser from Stripe with a
 * short-lived key, so the number never passes through Kinwell (which keeps Kinwell out of PCI scope).
 */
export type CardReveal =
  { kind: 'test_details'; number: string; cvc: string } | { kind: 'issuing_elements'; publishableKey: string } | { kind: 'unavailable' };

/**
 * The card issuer, behind a port: Stripe Issuing for real, the sandbox by default. Calls are made
 * after the transaction that asked for them commits, never under a lock a card decision needs, and
 * carry an idempotency key, so a retry after a crash returns the same card instead of a second one.
 */
export abstract class CardIssuer {
  abstract readonly name: 'sandbox' | 'stripe';
  /** A company cardholder for a broker organisation (cards belong to the broker). */
  abstract createCardholder(brokerOrganisationId: string, brokerName: string, idempotencyKey: string): Promise<string>;
  abstract createCard(cardholderId: string, card: NewCard, idempotencyKey: string): Promise<CardDetails>;
  abstract setStatus(issuerCardId: string, status: 'active' | 'inactive' | 'canceled'): Promise<void>;
  /** Every card the issuer holds that can still spend (active or frozen), for the sweep. */
  abstract liveCards(): Promise<IssuerCard[]>;
  /** How the card's number and security code are shown to the broker who bought with it. */
  abstract reveal(issuerCardId: string): CardReveal;
  /** A short-lived key for Issuing Elements to read one card, bound to the nonce the browser made. */
  abstract ephemeralKey(issuerCardId: string, nonce: string): Promise<string>;
  /** The signing secret webhooks from this issuer are verified with. */
  abstract readonly webhookSecret: string;
}
