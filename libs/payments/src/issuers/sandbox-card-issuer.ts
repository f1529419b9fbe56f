import { createHmac, randomBytes } from 'node:crypto';
import { CardDetails, CardIssuer, CardReveal, IssuerCard, NewCard } from './card-issuer';

/** The Luhn check digit, so a test number passes the checks a shop's payment form makes. */
function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * A sandbox card's test number and security code, worked out from its id with the sandbox secret, so
 * they are the same after a restart without being stored anywhere. 4000 00 is a test range no real
 * card uses.
 */
export function sandboxCardDetails(secret: string, issuerCardId: string): { number: string; cvc: string } {
  const digits = BigInt(`0x${createHmac('sha256', secret).update(issuerCardId).digest('hex')}`)
    .toString()
    .slice(0, 12);
  const body = `400000${digits.slice(0, 9)}`;
  return { number: `${body}${luhnDigit(body)}`, cvc: digits.slice(9, 12) };
}

/**
 * The embedded default, for development and tests only (production refuses to start with it):
 * issues test cards with no outside service. It remembers its cards in memory, as an issuer
 * would, so idempotent retries and the sweep behave as they do with Stripe. Simulated purchases
 * are signed with the sandbox secret and travel the same webhook path as Stripe's.
 */
export class SandboxCardIssuer extends CardIssuer {
  readonly name = 'sandbox' as const;
  private readonly cardholders = new Map<string, string>();
  private readonly cards = new Map<string, IssuerCard>();
  private readonly byKey = new Map<string, string>();

  constructor(readonly webhookSecret: string) {
    super();
  }

  async createCardholder(_brokerOrganisationId: string, _brokerName: string, idempotencyKey: string): Promise<string> {
    let id = this.cardholders.get(idempotencyKey);
    if (!id) this.cardholders.set(idempotencyKey, (id = `ich_sandbox_${randomBytes(8).toString('hex')}`));
    return id;
  }

  async createCard(_cardholderId: string, card: NewCard, idempotencyKey: string): Promise<CardDetails> {
    const existing = this.byKey.get(idempotencyKey);
    if (existing) return this.cards.get(existing)!;
    const now = new Date();
    const issuerCardId = `ic_sandbox_${randomBytes(8).toString('hex')}`;
    const created: IssuerCard = {
      issuerCardId,
      last4: sandboxCardDetails(this.webhookSecret, issuerCardId).number.slice(-4),
      expMonth: now.getUTCMonth() + 1,
      expYear: now.getUTCFullYear() + 1,
      status: 'active',
      intentId: card.intentId,
    };
    this.cards.set(created.issuerCardId, created);
    this.byKey.set(idempotencyKey, created.issuerCardId);
    return created;
  }

  async setStatus(issuerCardId: string, status: 'active' | 'inactive' | 'canceled'): Promise<void> {
    const card = this.cards.get(issuerCardId);
    if (card && card.status !== 'canceled') card.status = status;
  }

  reveal(issuerCardId: string): CardReveal {
    return { kind: 'test_details', ...sandboxCardDetails(this.webhookSecret, issuerCardId) };
  }

  ephemeralKey(): Promise<string> {
    return Promise.reject(new Error('The sandbox shows its own test details; it has no Issuing Elements'));
  }

  async liveCards(): Promise<IssuerCard[]> {
    return [...this.cards.values()].filter((c) => c.status !== 'canceled').map((c) => ({ ...c }));
  }
}
