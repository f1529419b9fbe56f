import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { z } from 'zod';
import { TransactionHost } from '@kinwell/database';
import { Clock, Money } from '@kinwell/kernel';
import { CardAuthorizationsService } from './card-authorizations.service';
import { CardIssuer } from './issuers/card-issuer';
import { CardTransactionKind } from './payments.entities';
import { PaymentsRepository } from './payments.repository';

// Verification is local (HMAC over the raw body); this client never makes a request.
const verifier = new Stripe('sk_test_verification_only');

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

const id = z.string().min(1).max(255);
const expandable = z.union([id, z.object({ id })]).transform((v) => (typeof v === 'string' ? v : v.id));
const pence = z.number().int().refine(Number.isSafeInteger);
const merchant = z.object({ name: z.string().nullish(), category: z.string().nullish() }).nullish();

/** The parts of Stripe's objects Kinwell relies on, checked after the signature: a signed event of another shape is refused, not a 500. */
const authorizationRequest = z.object({
  id,
  card: expandable,
  amount: pence.optional(),
  pending_request: z.object({ amount: pence }).nullish(),
  request_history: z.array(z.unknown()).nullish(),
  merchant_data: merchant,
});
const authorizationUpdate = z.object({ id, status: z.enum(['pending', 'closed', 'reversed', 'expired']), amount: pence });
const transaction = z.object({
  id,
  type: z.enum(['capture', 'refund']),
  card: expandable,
  authorization: expandable.nullish(),
  amount: pence,
  merchant_data: merchant,
});

const bad = (message: string): WebhookAnswer => ({ status: 400, body: { error: { code: 'INVALID_EVENT', message } } });

/**
 * Issuer webhooks, verified on the raw body with the issuer's signing secret (Stripe's, or
 * the sandbox's own): authorisation requests are answered in the response; authorisation
 * updates lower what is held; transactions post to the ledger once; every other event is
 * acknowledged and remembered.
 */
@Injectable()
export class IssuerWebhooksService {
  private readonly logger = new Logger(IssuerWebhooksService.name);

  constructor(
    private readonly issuer: CardIssuer,
    private readonly authorizations: CardAuthorizationsService,
    private readonly tx: TransactionHost,
    private readonly repository: PaymentsRepository,
    private readonly clock: Clock,
  ) {}

  async handle(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookAnswer> {
    let event: Stripe.Event;
    try {
      if (!rawBody || !signature) throw new Error('missing body or Stripe-Signature header');
      event = verifier.webhooks.constructEvent(rawBody, signature, this.issuer.webhookSecret, 300);
    } catch (error) {
      // Unsigned, tampered or stale: refuse, store nothing.
      return {
        status: 400,
        body: {
          error: {
            code: 'INVALID_SIGNATURE',
            message: `Webhook not accepted: ${error instanceof Error ? error.message : 'bad signature'}`,
          },
        },
      };
    }
    const envelope = z.object({ id, type: z.string().min(1).max(200), data: z.object({ object: z.record(z.unknown()) }) }).safeParse(event);
    if (!envelope.success) return bad('The event has no id, type or data.object');
    const object = envelope.data.data.object;
    switch (event.type) {
      case 'issuing_authorization.request': {
        const auth = authorizationRequest.safeParse(object);
        if (!auth.success || (auth.data.pending_request?.amount ?? auth.data.amount) === undefined)
          return bad('The authorisation request is not shaped as Stripe sends it');
        const a = auth.data;
        const decision = await this.authorizations.authorize({
          issuerAuthorizationId: a.id,
          // An incremental request carries the same authorisation id with the earlier requests in its history.
          requestSeq: a.request_history?.length ?? 0,
          issuerCardId: a.card,
          amount: Money.ofPence(Math.abs(a.pending_request?.amount ?? a.amount!)),
          merchantName: a.merchant_data?.name ?? 'unknown merchant',
          merchantCategory: a.merchant_data?.category ?? 'unknown',
        });
        return {
          status: 200,
          body: { approved: decision.approved, metadata: decision.reason ? { reason: decision.reason.slice(0, 500) } : {} },
        };
      }
      case 'issuing_authorization.created':
      case 'issuing_authorization.updated': {
        const auth = authorizationUpdate.safeParse(object);
        if (!auth.success) return bad('The authorisation is not shaped as Stripe sends it');
        await this.tx.run(async () => {
          if (await this.remember(event))
            await this.authorizations.updateHold({
              issuerAuthorizationId: auth.data.id,
              status: auth.data.status,
              amount: Money.ofPence(Math.abs(auth.data.amount)),
            });
        });
        return { status: 200, body: { received: true } };
      }
      case 'issuing_transaction.created': {
        const parsed = transaction.safeParse(object);
        if (!parsed.success) return bad('The transaction is not shaped as Stripe sends it');
        const txn = parsed.data;
        // The event is remembered in the same transaction as its posting: if posting fails, Stripe's retry is not a duplicate.
        return this.tx.run(async () => {
          if (!(await this.remember(event))) return { status: 200, body: { received: true, duplicate: true } };
          const outcome = await this.authorizations.post({
            issuerTransactionId: txn.id,
            issuerCardId: txn.card,
            issuerAuthorizationId: txn.authorization ?? null,
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
  private remember(event: Stripe.Event): Promise<boolean> {
    return this.repository.rememberEvent(event.id, event.type, this.clock.now());
  }
}
