import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { TransactionHost } from '@kinwell/database';
import { Clock, Money } from '@kinwell/kernel';
import { CardAuthorizationsService } from './card-authorizations.service';
import { CardIssuer } from './issuers/card-issuer';
import { CardTransactionKind } from './payments.entities';

// Verification is local (HMAC over the raw body); this client never makes a request.
const verifier = new Stripe('sk_test_verification_only');

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

/**
 * Issuer webhooks, verified on the raw body with the issuer's signing secret (Stripe's, or
 * the sandbox's own): authorisation requests are answered in the response; transactions
 * post to the ledger once; every other event is acknowledged and remembered.
 */
@Injectable()
export class IssuerWebhooksService {
  private readonly logger = new Logger(IssuerWebhooksService.name);

  constructor(
    private readonly issuer: CardIssuer,
    private readonly authorizations: CardAuthorizationsService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async handle(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookAnswer> {
    let event: Stripe.Event;
    try {
      if (!rawBody || !signature) throw new Error('missing body or Stripe-Signature header');
      event = verifier.webhooks.constructEvent(rawBody, signature, this.issuer.webhookSecret, 300);
    } catch (error) {
      // Unsigned, tampered or stale: refuse, store nothing.
      return { status: 400, body: { error: { code: 'INVALID_SIGNATURE', message: `Webhook not accepted: ${error instanceof Error ? error.message : 'bad signature'}` } } };
    }
    switch (event.type) {
      case 'issuing_authorization.request': {
        const auth = event.data.object;
        const pending = auth.pending_request?.amount ?? auth.amount;
        const decision = await this.authorizations.authorize({
          issuerAuthorizationId: auth.id,
          issuerCardId: typeof auth.card === 'string' ? auth.card : auth.card.id,
          amount: Money.ofPence(Math.abs(pending)),
          merchantName: auth.merchant_data?.name ?? 'unknown merchant',
          merchantCategory: auth.merchant_data?.category ?? 'unknown',
        });
        return { status: 200, body: { approved: decision.approved, metadata: decision.reason ? { reason: decision.reason.slice(0, 500) } : {} } };
      }
      case 'issuing_transaction.created': {
        const txn = event.data.object;
        // The event is remembered in the same transaction as its posting: if posting fails, Stripe's retry is not a duplicate.
        return this.tx.run(async () => {
          if (!(await this.remember(event))) return { status: 200, body: { received: true, duplicate: true } };
          const outcome = await this.authorizations.post({
            issuerTransactionId: txn.id,
            issuerCardId: typeof txn.card === 'string' ? txn.card : txn.card.id,
            issuerAuthorizationId: txn.authorization ? (typeof txn.authorization === 'string' ? txn.authorization : txn.authorization.id) : null,
            kind: txn.type === 'refund' ? CardTransactionKind.Refund : CardTransactionKind.Capture,
            // Stripe reports captures as negative amounts (money leaving the account).
            amount: Money.ofPence(Math.abs(txn.amount)),
            merchantName: txn.merchant_data?.name ?? 'unknown merchant',
            merchantCategory: txn.merchant_data?.category ?? 'unknown',
          });
          if (outcome === 'unknown_card') this.logger.warn(`Transaction ${txn.id} is for a card Kinwell did not issue`);
          return { status: 200, body: { received: true, outcome } };
        });
      }
      default:
        await this.remember(event);
        return { status: 200, body: { received: true } };
    }
  }

  /** Records the event id; false when it was already handled. */
  private async remember(event: Stripe.Event): Promise<boolean> {
    const rows: unknown[] = await this.tx.manager.query(
      'INSERT INTO issuer_event (event_id, type, received_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
      [event.id, event.type, this.clock.now()],
    );
    return rows.length > 0;
  }
}
