import { randomBytes, randomInt } from 'node:crypto';
import { CardDetails, CardIssuer, IssuerCard, NewCard } from './card-issuer';

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
    const created: IssuerCard = {
      issuerCardId: `ic_sandbox_${randomBytes(8).toString('hex')}`,
      last4: String(randomInt(0, 10_000)).padStart(4, '0'),
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

  async liveCards(): Promise<IssuerCard[]> {
    return [...this.cards.values()].filter((c) => c.status !== 'canceled').map((c) => ({ ...c }));
  }
}
