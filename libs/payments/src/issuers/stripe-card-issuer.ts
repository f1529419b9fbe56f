import Stripe from 'stripe';
import { CardDetails, CardIssuer, CardReveal, IssuerCard, NewCard } from './card-issuer';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** For tests: the local fake Stripe server. */
  apiBase?: string;
  /** Issuing Elements need it in the broker's browser; without it the card's details are read in Stripe's dashboard. */
  publishableKey?: string;
}

export function stripeClient(settings: StripeSettings): Stripe {
  const base = settings.apiBase ? new URL(settings.apiBase) : null;
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 1,
    timeout: 10_000,
    ...(base ? { host: base.hostname, port: Number(base.port), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });
}

/** The API version the SDK was built for; Issuing Elements are given ephemeral keys made with it. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

/** Stripe Issuing with the real SDK: commercial cardholders per broker, single-use virtual cards. */
export class StripeIssuingCardIssuer extends CardIssuer {
  readonly name = 'stripe' as const;
  readonly webhookSecret: string;
  private readonly stripe: Stripe;
  private readonly publishableKey: string | undefined;

  constructor(settings: StripeSettings) {
    super();
    this.stripe = stripeClient(settings);
    this.webhookSecret = settings.webhookSecret;
    this.publishableKey = settings.publishableKey;
  }

  reveal(): CardReveal {
    return this.publishableKey ? { kind: 'issuing_elements', publishableKey: this.publishableKey } : { kind: 'unavailable' };
  }

  async ephemeralKey(issuerCardId: string, nonce: string): Promise<string> {
    // Ephemeral keys are versioned: Issuing Elements read the card with the version the key was made for.
    const key = await this.stripe.ephemeralKeys.create({ issuing_card: issuerCardId, nonce }, { apiVersion: STRIPE_API_VERSION });
    if (!key.secret) throw new Error('Stripe gave no ephemeral key secret');
    return key.secret;
  }

  async createCardholder(brokerOrganisationId: string, brokerName: string, idempotencyKey: string): Promise<string> {
    const cardholder = await this.stripe.issuing.cardholders.create(
      {
        type: 'company',
        name: brokerName.slice(0, 24),
        // The broker's registered address belongs here once organisations record one.
        billing: { address: { line1: 'Registered office', city: 'London', postal_code: 'E8 1AA', country: 'GB' } },
        metadata: { brokerOrganisationId },
      },
      { idempotencyKey },
    );
    return cardholder.id;
  }

  async createCard(cardholderId: string, card: NewCard, idempotencyKey: string): Promise<CardDetails> {
    const created = await this.stripe.issuing.cards.create(
      {
        cardholder: cardholderId,
        currency: 'gbp',
        type: 'virtual',
        status: 'active',
        spending_controls: {
          spending_limits: [{ amount: card.limit.pence, interval: 'all_time' }],
          blocked_categories: card.blockedCategories,
          ...(card.allowedCategories.length ? { allowed_categories: card.allowedCategories } : {}),
        },
        metadata: { intentId: card.intentId },
      },
      { idempotencyKey },
    );
    return { issuerCardId: created.id, last4: created.last4, expMonth: created.exp_month, expYear: created.exp_year };
  }

  async setStatus(issuerCardId: string, status: 'active' | 'inactive' | 'canceled'): Promise<void> {
    await this.stripe.issuing.cards.update(issuerCardId, { status });
  }

  async liveCards(): Promise<IssuerCard[]> {
    const cards: IssuerCard[] = [];
    for (const status of ['active', 'inactive'] as const) {
      for await (const c of this.stripe.issuing.cards.list({ status, type: 'virtual', limit: 100 })) {
        cards.push({
          issuerCardId: c.id,
          last4: c.last4,
          expMonth: c.exp_month,
          expYear: c.exp_year,
          status: c.status as IssuerCard['status'],
          intentId: c.metadata?.intentId ?? null,
        });
      }
    }
    return cards;
  }
}
