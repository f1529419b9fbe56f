import { randomBytes, randomInt } from 'node:crypto';
import { CardDetails, CardIssuer, NewCard } from './card-issuer';

/**
 * The embedded default: issues test cards with no outside service. Simulated purchases
 * are signed with the sandbox secret and travel the same webhook path as Stripe's.
 */
export class SandboxCardIssuer extends CardIssuer {
  readonly name = 'sandbox' as const;

  constructor(readonly webhookSecret: string) {
    super();
  }

  async createCardholder(): Promise<string> {
    return `ich_sandbox_${randomBytes(8).toString('hex')}`;
  }

  async createCard(_cardholderId: string, _card: NewCard): Promise<CardDetails> {
    const now = new Date();
    return { issuerCardId: `ic_sandbox_${randomBytes(8).toString('hex')}`, last4: String(randomInt(0, 10_000)).padStart(4, '0'), expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() + 1 };
  }

  async setStatus(): Promise<void> {
    // The sandbox keeps card status only in Kinwell's own table.
  }
}
