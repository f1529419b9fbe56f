import {
  approvedItems,
  ApprovedItems,
  authorizationObject,
  createTestApp,
  FakeStripe,
  signedEvent,
  startFakeStripe,
  TestApp,
  transactionObject,
} from '@kinwell/testing';
import { AuthService } from '@kinwell/identity';
import { PurchasingService, STRIPE_API_VERSION } from '@kinwell/payments';

const SECRET = 'whsec_kinwell_test_secret_for_webhooks';

describe('Stripe Issuing through the real SDK, a local fake Stripe and signed webhooks', () => {
  let t: TestApp;
  let stripe: FakeStripe;
  let f: ApprovedItems;
  let cardId: string;

  const post = (event: { payload: string; header: string }) =>
    t.http().post('/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', event.header).send(event.payload);
  const authorize = (pence: number, category?: string, card = cardId) =>
    post(signedEvent('issuing_authorization.request', authorizationObject(card, pence, category), SECRET));
  const counts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*) FROM card_authorization)::int AS auths, (SELECT count(*) FROM card_transaction)::int AS txns, (SELECT count(*) FROM issuer_event)::int AS events, (SELECT count(*) FROM budget_ledger_entry)::int AS lines`,
      )
    )[0];

  beforeAll(async () => {
    stripe = await startFakeStripe();
    t = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_kinwell',
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_API_BASE: stripe.url,
      STRIPE_PUBLISHABLE_KEY: 'pk_test_kinwell',
    });
    f = await approvedItems(t, 100_000, [30_000, 5_000]);
    const res = await t.gql<{ buyWithCard: { card: { issuer: string; last4: string } } }>(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { card { issuer last4 } } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[0] },
      f.brokerToken,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.buyWithCard.card.issuer).toBe('stripe');
    [{ issuer_card_id: cardId }] = await t.dataSource.query('SELECT issuer_card_id FROM issued_card');
  });
  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  it('creates a company cardholder for the broker and a virtual card with the approved limit and blocked categories', () => {
    const cardholder = stripe.requests.find((r) => r.path === '/v1/issuing/cardholders')!;
    expect(cardholder.body).toMatchObject({ type: 'company', name: 'Fixture Brokerage' });
    const card = stripe.requests.find((r) => r.path === '/v1/issuing/cards')!;
    expect(card.body).toMatchObject({
      currency: 'gbp',
      type: 'virtual',
      status: 'active',
      spending_controls: { spending_limits: [{ amount: '30000', interval: 'all_time' }] },
    });
    expect((card.body.spending_controls as { blocked_categories: string[] }).blocked_categories).toEqual(
      expect.arrayContaining([
        'betting_casino_gambling',
        'government_owned_lotteries_non_us_region',
        'package_stores_beer_wine_and_liquor',
        'drinking_places',
        'cigar_stores_and_stands',
        'automated_cash_disburse',
        'manual_cash_disburse',
        'wires_money_orders',
        'non_fi_money_orders',
        'non_fi_stored_value_card_purchase_load',
        'dating_escort_services',
        'massage_parlors',
        'pawn_shops',
      ]),
    );
  });

  it('shows the card through Issuing Elements: a versioned ephemeral key for its nonce, only to its broker, and Stripe allowed in the page', async () => {
    const purchasing = t.app.get(PurchasingService);
    const [{ id: intentId }] = await t.dataSource.query(`SELECT id FROM purchase_intent WHERE plan_item_id = $1`, [f.itemIds[0]]);
    const { reveal } = await purchasing.purchase(f.broker, intentId);
    expect(reveal).toEqual({ kind: 'issuing_elements', publishableKey: 'pk_test_kinwell' });
    const secret = await purchasing.ephemeralKey(f.broker, intentId, 'ephkeynonce_123');
    expect(secret).toMatch(/^ek_test_/);
    const asked = stripe.requests.find((r) => r.path === '/v1/ephemeral_keys')!;
    expect(asked.body).toMatchObject({ issuing_card: cardId, nonce: 'ephkeynonce_123' });
    expect(asked.headers['stripe-version']).toBe(STRIPE_API_VERSION);
    await expect(purchasing.ephemeralKey(f.broker, intentId, 'not a nonce!')).rejects.toThrow(/nonce/);
    const otherBroker = await t.app.get(AuthService).authenticate(f.otherBrokerToken);
    await expect(purchasing.ephemeralKey(otherBroker, intentId, 'ephkeynonce_123')).rejects.toThrow();
    const csp = (await t.http().get('/')).headers['content-security-policy'];
    expect(csp).toContain('frame-src https://js.stripe.com');
  });

  it('refuses unsigned, tampered and stale webhooks with 400, storing nothing', async () => {
    const before = await counts();
    const good = signedEvent('issuing_authorization.request', authorizationObject(cardId, 1_000), SECRET);
    expect((await t.http().post('/webhooks/stripe').set('content-type', 'application/json').send(good.payload)).status).toBe(400);
    expect((await post({ payload: good.payload.replace('"pending"', '"approved"'), header: good.header })).status).toBe(400);
    expect(
      (await post(signedEvent('issuing_authorization.request', authorizationObject(cardId, 1_000), 'whsec_someone_else'))).status,
    ).toBe(400);
    const stale = signedEvent('issuing_authorization.request', authorizationObject(cardId, 1_000), SECRET, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    const res = await post(stale);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_SIGNATURE');
    expect(await counts()).toEqual(before);
  });

  it('declines an unknown card and a blocked category, saying why', async () => {
    expect((await authorize(1_000, undefined, 'ic_not_ours')).body).toEqual({ approved: false, metadata: { reason: 'Unknown card' } });
    expect((await authorize(1_000, 'drinking_places')).body).toMatchObject({
      approved: false,
      metadata: { reason: expect.stringContaining('not allowed') },
    });
  });

  it('answers a replayed authorisation with the original decision', async () => {
    const event = signedEvent('issuing_authorization.request', authorizationObject(cardId, 100_000), SECRET);
    const first = await post(event);
    const again = await post(event);
    expect(first.body.approved).toBe(false);
    expect(again.body).toEqual(first.body);
  });

  it('approves exactly 30 of 200 racing £10 authorisations on a £300 card, with a consistent ledger', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => authorize(1_000)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.filter((r) => r.body.approved).length).toBe(30);
    const [{ approved }] = await t.dataSource.query(
      `SELECT coalesce(sum(amount_pence), 0)::int AS approved FROM card_authorization WHERE approved AND issuer_card_id = $1`,
      [cardId],
    );
    expect(approved).toBe(30_000);
    const [{ total }] = await t.dataSource.query('SELECT sum(amount_pence)::int AS total FROM budget_ledger_entry WHERE budget_id = $1', [
      f.budgetId,
    ]);
    expect(total).toBe(0);
  });

  it('posts a capture to the ledger once, however often Stripe delivers it, and a refund after it', async () => {
    const [auth] = await t.dataSource.query(`SELECT issuer_authorization_id FROM card_authorization WHERE approved LIMIT 1`);
    const capture = signedEvent('issuing_transaction.created', transactionObject(cardId, auth.issuer_authorization_id, 30_000), SECRET);
    expect((await post(capture)).body).toEqual({ received: true, outcome: 'posted' });
    const afterFirst = await counts();
    expect((await post(capture)).body).toEqual({ received: true, duplicate: true });
    expect(await counts()).toEqual(afterFirst);
    const refund = signedEvent('issuing_transaction.created', transactionObject(cardId, null, 2_500, 'refund'), SECRET);
    expect((await post(refund)).body).toMatchObject({ outcome: 'posted' });
    const rows: Array<{ account: string; total: number }> = await t.dataSource.query(
      `SELECT account, sum(amount_pence)::int AS total FROM budget_ledger_entry WHERE budget_id = $1 GROUP BY account ORDER BY account`,
      [f.budgetId],
    );
    expect(Object.fromEntries(rows.map((r) => [r.account, r.total]))).toMatchObject({
      spent: 27_500,
      committed: 5_000,
      available: 67_500,
      funding: -100_000,
    });
  });

  it('freezes and cancels the card at Stripe', async () => {
    const [intent] = await t.dataSource
      .query('SELECT id FROM purchase_intent WHERE plan_item_id = $1', [f.itemIds[1]])
      .then(async (rows: Array<{ id: string }>) => {
        if (rows.length) return rows;
        const res = await t.gql<{ buyWithCard: { id: string } }>(
          `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
          { id: f.itemIds[1] },
          f.brokerToken,
        );
        return [{ id: res.data!.buyWithCard.id }];
      });
    const frozen = await t.gql<{ setCardFrozen: { status: string } }>(
      `mutation($p: ID!) { setCardFrozen(purchaseId: $p, frozen: true) { __typename ... on VirtualCard { status } ... on ErrorResult { errorCode message } } }`,
      { p: intent.id },
      f.brokerToken,
    );
    expect(frozen.data!.setCardFrozen.status).toBe('Inactive');
    await t.gql(
      `mutation($p: ID!) { cancelPurchase(purchaseId: $p) { __typename ... on Purchase { status } ... on ErrorResult { errorCode message } } }`,
      { p: intent.id },
      f.brokerToken,
    );
    const [second] = await t.dataSource.query('SELECT issuer_card_id FROM issued_card WHERE intent_id = $1', [intent.id]);
    const updates = (card: string) =>
      stripe.requests.filter((r) => r.method === 'POST' && r.path === `/v1/issuing/cards/${card}`).map((r) => r.body.status);
    expect(updates(second.issuer_card_id)).toEqual(['inactive', 'canceled']);
    // Single use: the first card was cancelled at Stripe too once its payment was captured, not only in Kinwell.
    expect(updates(cardId)).toEqual(['canceled']);
    expect(stripe.cards.get(cardId)!.status).toBe('canceled');
  });
});
