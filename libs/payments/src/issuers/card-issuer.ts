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

/** The card issuer, behind a port: Stripe Issuing for real, the sandbox by default. */
export abstract class CardIssuer {
  abstract readonly name: 'sandbox' | 'stripe';
  /** A company cardholder for a broker organisation (cards belong to the broker). */
  abstract createCardholder(brokerOrganisationId: string, brokerName: string): Promise<string>;
  abstract createCard(cardholderId: string, card: NewCard): Promise<CardDetails>;
  abstract setStatus(issuerCardId: string, status: 'active' | 'inactive' | 'canceled'): Promise<void>;
  /** The signing secret webhooks from this issuer are verified with. */
  abstract readonly webhookSecret: string;
}
