import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/** Turns Stripe's form encoding (a[b][0][c]=1) back into an object. */
function parseForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]);
      if (last) node[part] = value;
      else node = (node[part] ??= nextIsIndex ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

export interface FakeStripe {
  url: string;
  requests: Array<{ method: string; path: string; body: Record<string, unknown>; headers: Record<string, string | undefined> }>;
  cards: Map<string, Record<string, unknown>>;
  /** The next `times` POSTs to this path answer 500, as a Stripe outage would (the SDK retries once). */
  failNext(path: string, times?: number): void;
  stop(): Promise<void>;
}

/**
 * A local stand-in for the Stripe Issuing endpoints Kinwell calls, answering with objects
 * shaped like Stripe's own (see Stripe's OpenAPI fixtures), so the real SDK can be used
 * in tests against it.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripe['requests'] = [];
  const cardholders = new Map<string, Record<string, unknown>>();
  const cards = new Map<string, Record<string, unknown>>();
  const read = (req: IncomingMessage) =>
    new Promise<string>((done) => {
      let data = '';
      req.on('data', (c) => (data += c)).on('end', () => done(data));
    });
  // Stripe answers a repeated Idempotency-Key with the first answer, so a retry never makes a second object.
  const answered = new Map<string, { status: number; json: unknown }>();
  const failing = new Map<string, number>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = parseForm(await read(req));
    const [path, search = ''] = (req.url ?? '').split('?');
    requests.push({
      method: req.method ?? '',
      path,
      body,
      headers: {
        'idempotency-key': req.headers['idempotency-key'] as string | undefined,
        'stripe-version': req.headers['stripe-version'] as string | undefined,
      },
    });
    const key = req.method === 'POST' ? String(req.headers['idempotency-key'] ?? '') : '';
    const send = (status: number, json: unknown) => {
      if (key && status < 500) answered.set(key, { status, json });
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...(key ? { 'idempotency-key': key } : {}) });
      res.end(JSON.stringify(json));
    };
    const failures = req.method === 'POST' ? (failing.get(path) ?? 0) : 0;
    if (failures > 0) failing.set(path, failures - 1);
    if (failures > 0) return send(500, { error: { type: 'api_error', message: 'Something went wrong on Stripe’s end' } });
    const earlier = key ? answered.get(key) : undefined;
    if (earlier) {
      res.writeHead(earlier.status, {
        'content-type': 'application/json',
        'request-id': id('req'),
        'idempotency-key': key,
        'idempotent-replayed': 'true',
      });
      return res.end(JSON.stringify(earlier.json));
    }
    if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_test_'))
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    if (req.method === 'POST' && path === '/v1/issuing/cardholders') {
      const cardholder = {
        id: id('ich'),
        object: 'issuing.cardholder',
        created: now(),
        livemode: false,
        status: 'active',
        type: body.type ?? 'individual',
        name: body.name,
        email: null,
        phone_number: null,
        billing: body.billing,
        metadata: body.metadata ?? {},
        requirements: { disabled_reason: null, past_due: [] },
        spending_controls: { allowed_categories: [], blocked_categories: [], spending_limits: [], spending_limits_currency: null },
      };
      cardholders.set(cardholder.id, cardholder);
      return send(200, cardholder);
    }
    if (req.method === 'POST' && path === '/v1/issuing/cards') {
      const cardholder = cardholders.get(String(body.cardholder));
      if (!cardholder) return send(400, { error: { type: 'invalid_request_error', message: 'No such cardholder', param: 'cardholder' } });
      const controls = (body.spending_controls ?? {}) as Record<string, unknown>;
      const card = {
        id: id('ic'),
        object: 'issuing.card',
        brand: 'Visa',
        cancellation_reason: null,
        cardholder,
        created: now(),
        currency: body.currency,
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 2,
        last4: String(Math.floor(Math.random() * 10_000)).padStart(4, '0'),
        livemode: false,
        metadata: body.metadata ?? {},
        status: body.status ?? 'inactive',
        type: body.type,
        spending_controls: {
          allowed_categories: controls.allowed_categories ?? null,
          blocked_categories: controls.blocked_categories ?? null,
          spending_limits: ((controls.spending_limits ?? []) as Array<Record<string, string>>).map((l) => ({
            amount: Number(l.amount),
            interval: l.interval,
            categories: null,
          })),
          spending_limits_currency: body.currency,
        },
      };
      cards.set(card.id, card);
      return send(200, card);
    }
    if (req.method === 'GET' && path === '/v1/issuing/cards') {
      const query = new URLSearchParams(search);
      const data = [...cards.values()].filter(
        (c) => (!query.get('status') || c.status === query.get('status')) && (!query.get('type') || c.type === query.get('type')),
      );
      return send(200, { object: 'list', url: '/v1/issuing/cards', has_more: false, data });
    }
    if (req.method === 'POST' && path === '/v1/ephemeral_keys') {
      // Stripe makes a key for one card, bound to the nonce the browser got from Stripe.js, for one API version.
      if (!req.headers['stripe-version'])
        return send(400, { error: { type: 'invalid_request_error', message: 'Stripe-Version header required' } });
      if (!cards.has(String(body.issuing_card)) || !body.nonce)
        return send(400, { error: { type: 'invalid_request_error', message: 'No such issuing card or nonce', param: 'issuing_card' } });
      return send(200, {
        id: id('ephkey'),
        object: 'ephemeral_key',
        created: now(),
        expires: now() + 900,
        livemode: false,
        secret: id('ek_test'),
      });
    }
    const cardPath = /^\/v1\/issuing\/cards\/([^/]+)$/.exec(path);
    if (cardPath) {
      const card = cards.get(cardPath[1]);
      if (!card) return send(404, { error: { type: 'invalid_request_error', message: `No such issuing.card: '${cardPath[1]}'` } });
      if (req.method === 'POST' && body.status && card.status === 'canceled' && body.status !== 'canceled') {
        return send(400, { error: { type: 'invalid_request_error', message: 'A canceled card cannot be reactivated', param: 'status' } });
      }
      if (req.method === 'POST' && body.status) card.status = body.status;
      return send(200, card);
    }
    return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` } });
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cards,
    failNext: (path, times = 2) => void failing.set(path, times),
    stop: () => new Promise((done) => server.close(() => done())),
  };
}

const signer = new Stripe('sk_test_signing_only');

/** A webhook body and its Stripe-Signature header, signed as Stripe signs them. */
export function signedEvent(
  type: string,
  object: Record<string, unknown>,
  secret: string,
  options: { timestamp?: number; id?: string } = {},
) {
  const payload = JSON.stringify({
    id: options.id ?? id('evt'),
    object: 'event',
    api_version: '2025-01-01',
    created: now(),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const header = signer.webhooks.generateTestHeaderString({ payload, secret, timestamp: options.timestamp ?? now() });
  return { payload, header };
}

/** An issuing authorisation request object, shaped like Stripe's. */
export function authorizationObject(cardId: string, pence: number, category = 'sporting_goods_stores', merchant = 'Test merchant') {
  return {
    id: id('iauth'),
    object: 'issuing.authorization',
    amount: 0,
    approved: false,
    currency: 'gbp',
    status: 'pending',
    livemode: false,
    created: now(),
    metadata: {},
    card: { id: cardId, object: 'issuing.card' },
    merchant_amount: pence,
    merchant_currency: 'gbp',
    merchant_data: { category, name: merchant, city: 'London', country: 'GB', network_id: '1234567890' },
    pending_request: { amount: pence, currency: 'gbp', is_amount_controllable: false, merchant_amount: pence, merchant_currency: 'gbp' },
  };
}

/** An issuing transaction (capture or refund) object; Stripe reports captures as negative amounts. */
export function transactionObject(cardId: string, authorizationId: string | null, pence: number, type: 'capture' | 'refund' = 'capture') {
  return {
    id: id('ipi'),
    object: 'issuing.transaction',
    type,
    amount: type === 'capture' ? -pence : pence,
    currency: 'gbp',
    livemode: false,
    created: now(),
    metadata: {},
    card: cardId,
    authorization: authorizationId,
    merchant_data: { category: 'sporting_goods_stores', name: 'Test merchant', city: 'London', country: 'GB' },
  };
}
