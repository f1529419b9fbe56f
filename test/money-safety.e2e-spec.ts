import { CardIssuer, CardIssuingService } from '@kinwell/payments';
import { OutboxRelay } from '@kinwell/database';
import { ReconciliationService } from '@kinwell/reconciliation';
import {
  approvedItems,
  authorizationObject,
  createTestApp,
  FakeStripe,
  signedEvent,
  startFakeStripe,
  TestApp,
  transactionObject,
} from '@kinwell/testing';

const SECRET = 'whsec_kinwell_money_safety';

/**
 * The promise the money paths keep, one defect of the December review per test: every approval is
 * backed by money the ledger holds committed at that moment, and every capture is recorded, as
 * spend or as an exception a person must resolve. Through the real Stripe SDK and signed webhooks.
 */
describe('money safety: no approval without committed money, no capture unrecorded', () => {
  let t: TestApp;
  let stripe: FakeStripe;

  const post = (event: { payload: string; header: string }) =>
    t.http().post('/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', event.header).send(event.payload);
  const authorize = async (card: string, pence: number, object: Record<string, unknown> = authorizationObject(card, pence)) => {
    const res = await post(signedEvent('issuing_authorization.request', object, SECRET));
    expect(res.status).toBe(200);
    return { approved: res.body.approved as boolean, reason: res.body.metadata?.reason as string | undefined, id: object.id as string };
  };
  const capture = async (card: string, auth: string | null, pence: number, kind: 'capture' | 'refund' = 'capture') => {
    const res = await post(signedEvent('issuing_transaction.created', transactionObject(card, auth, pence, kind), SECRET));
    expect(res.status).toBe(200);
    return res.body.outcome as string;
  };
  const authUpdate = (auth: string, status: string, pence: number) =>
    post(
      signedEvent(
        'issuing_authorization.updated',
        { id: auth, object: 'issuing.authorization', status, amount: pence, approved: true, currency: 'gbp' },
        SECRET,
      ),
    );
  const ledger = async (budgetId: string) => {
    const rows: Array<{ account: string; total: number }> = await t.dataSource.query(
      'SELECT account::text, sum(amount_pence)::int AS total FROM budget_ledger_entry WHERE budget_id = $1 GROUP BY account',
      [budgetId],
    );
    const sums = Object.fromEntries(rows.map((r) => [r.account, r.total]));
    expect(Object.values(sums).reduce((a, b) => a + b, 0)).toBe(0);
    for (const account of ['available', 'committed', 'spent']) expect(sums[account] ?? 0).toBeGreaterThanOrEqual(0);
    return { available: sums.available ?? 0, committed: sums.committed ?? 0, spent: sums.spent ?? 0 };
  };
  /** A budget of `allocation` pence with approved items, each bought by card; returns the cards. */
  const cards = async (allocation: number, items: number[]) => {
    const f = await approvedItems(t, allocation, items);
    const ids: Array<{ card: string; intent: string; item: string }> = [];
    for (const item of f.itemIds) {
      const res = await t.gql<{ buyWithCard: { id: string; card: { spendingLimit: { pence: number } } | null } }>(
        `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id card { spendingLimit { pence } } } ... on ErrorResult { errorCode message } } }`,
        { id: item },
        f.brokerToken,
      );
      expect(res.errors).toBeUndefined();
      const [{ issuer_card_id }] = await t.dataSource.query('SELECT issuer_card_id FROM issued_card WHERE intent_id = $1', [
        res.data!.buyWithCard.id,
      ]);
      ids.push({ card: issuer_card_id, intent: res.data!.buyWithCard.id, item });
    }
    return { f, cards: ids };
  };
  const intent = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT status::text, committed_pence::int AS committed, held_pence::int AS held, tolerance_pence::int AS tolerance FROM purchase_intent WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    stripe = await startFakeStripe();
    t = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_kinwell',
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_API_BASE: stripe.url,
      CARD_TOLERANCE_PENCE: '500',
    });
  });
  afterAll(async () => {
    await t.close();
    await stripe.stop();
  });

  it('1. commits the tolerance only from money the budget has: a fully committed £25 budget’s card approves £25, not £30, and its capture is recorded', async () => {
    const {
      f,
      cards: [c],
    } = await cards(2_500, [2_500]);
    expect(await intent(c.intent)).toMatchObject({ tolerance: 0, committed: 2_500 });
    expect(stripe.cards.get(c.card)!.spending_controls).toMatchObject({ spending_limits: [{ amount: 2_500 }] });
    expect((await authorize(c.card, 3_000)).approved).toBe(false);
    const ok = await authorize(c.card, 2_500);
    expect(ok.approved).toBe(true);
    expect(await capture(c.card, ok.id, 2_500)).toBe('posted');
    expect(await ledger(f.budgetId)).toEqual({ available: 0, committed: 0, spent: 2_500 });

    // With spare money the tolerance is committed at once, so what it lets through is backed too.
    const spare = await cards(10_000, [2_500]);
    expect(await intent(spare.cards[0].intent)).toMatchObject({ tolerance: 500, committed: 3_000 });
    const over = await authorize(spare.cards[0].card, 3_000);
    expect(over.approved).toBe(true);
    expect(await capture(spare.cards[0].card, over.id, 3_000)).toBe('posted');
    expect(await ledger(spare.f.budgetId)).toEqual({ available: 7_000, committed: 0, spent: 3_000 });
  });

  it('1. twenty cards racing on a fully committed £500 budget approve no more than is committed', async () => {
    const { f, cards: many } = await cards(
      50_000,
      Array.from({ length: 20 }, () => 2_500),
    );
    const answers = await Promise.all(many.flatMap((c) => [authorize(c.card, 1_500), authorize(c.card, 1_500), authorize(c.card, 1_000)]));
    const [{ approved }] = await t.dataSource.query(
      `SELECT coalesce(sum(a.amount_pence), 0)::int AS approved FROM card_authorization a JOIN purchase_intent i ON i.id = a.intent_id WHERE a.approved AND i.budget_id = $1`,
      [f.budgetId],
    );
    expect(approved).toBeLessThanOrEqual(50_000);
    expect(answers.filter((a) => a.approved).length).toBeGreaterThanOrEqual(20);
    expect((await ledger(f.budgetId)).committed).toBe(50_000);
  });

  it('2. a capture above what was committed posts only the commitment and raises the rest, never taking other money', async () => {
    const {
      f,
      cards: [c],
    } = await cards(10_000, [2_500]);
    const small = await authorize(c.card, 1_000);
    expect(await capture(c.card, small.id, 9_000)).toBe('exception');
    // £30 was committed (£25 and the £5 tolerance): that is spent; £60 waits for a person; the other £70 is untouched.
    expect(await ledger(f.budgetId)).toEqual({ available: 7_000, committed: 0, spent: 3_000 });
    const [txn] = await t.dataSource.query(
      'SELECT amount_pence::int AS amount, posted_pence::int AS posted FROM card_transaction WHERE intent_id = $1',
      [c.intent],
    );
    expect(txn).toEqual({ amount: 9_000, posted: 3_000 });
    const [exception] = await t.dataSource.query(
      `SELECT kind, detail FROM spend_exception WHERE plan_id = $1 AND kind = 'capture_not_covered'`,
      [f.planId],
    );
    expect(exception.detail).toContain('£60.00 more than was set aside');

    // With nothing spare, a capture £1 over still records what it can and raises the £1.
    const none = await cards(2_500, [2_500]);
    const auth = await authorize(none.cards[0].card, 2_500);
    expect(await capture(none.cards[0].card, auth.id, 2_600)).toBe('exception');
    expect(await ledger(none.f.budgetId)).toEqual({ available: 0, committed: 0, spent: 2_500 });
  });

  it('3. closing a plan stops its cards and ends its purchases; it waits while a card payment is held', async () => {
    const {
      f,
      cards: [held, idle],
    } = await cards(10_000, [2_500, 2_000]);
    const pending = await authorize(held.card, 2_000);
    const close = () =>
      t.gql<{ closePlan: { __typename: string; message?: string } }>(
        `mutation($p: ID!) { closePlan(planId: $p) { __typename ... on ErrorResult { message } } }`,
        { p: f.planId },
        f.brokerToken,
      );
    expect((await close()).data!.closePlan).toMatchObject({
      __typename: 'PlanStateError',
      message: expect.stringContaining('£20.00 of card payments'),
    });
    expect(await intent(idle.intent)).toMatchObject({ status: 'open' });
    await authUpdate(pending.id, 'reversed', 0);
    expect((await close()).data!.closePlan.__typename).toBe('SupportPlan');
    for (const c of [held, idle]) {
      expect(await intent(c.intent)).toMatchObject({ status: 'cancelled', committed: 0, held: 0 });
      expect(stripe.cards.get(c.card)!.status).toBe('canceled');
      expect((await authorize(c.card, 100)).approved).toBe(false);
    }
    expect(await ledger(f.budgetId)).toEqual({ available: 0, committed: 0, spent: 0 });
  });

  it('4. cancelling keeps what an approved payment holds until it is captured, then finishes', async () => {
    const {
      f,
      cards: [c],
    } = await cards(10_000, [2_500]);
    const auth = await authorize(c.card, 2_000);
    const cancelled = await t.gql<{ cancelPurchase: { status: string } }>(
      `mutation($p: ID!) { cancelPurchase(purchaseId: $p) { __typename ... on Purchase { status } ... on ErrorResult { errorCode message } } }`,
      { p: c.intent },
      f.brokerToken,
    );
    expect(cancelled.data!.cancelPurchase.status).toBe('Settling');
    expect(await intent(c.intent)).toMatchObject({ committed: 2_000, held: 2_000 });
    expect(await ledger(f.budgetId)).toEqual({ available: 8_000, committed: 2_000, spent: 0 });
    expect((await authorize(c.card, 100)).approved).toBe(false);
    expect(await capture(c.card, auth.id, 2_000)).toBe('posted');
    expect(await intent(c.intent)).toMatchObject({ status: 'completed', committed: 0, held: 0 });
    expect(await ledger(f.budgetId)).toEqual({ available: 8_000, committed: 0, spent: 2_000 });
  });

  it('5. an incremental request on the same authorisation is decided and counted, and its replay answered the same', async () => {
    const {
      cards: [c],
    } = await cards(10_000, [2_500]);
    const first = authorizationObject(c.card, 2_000);
    expect((await authorize(c.card, 2_000, first)).approved).toBe(true);
    const increment = (pence: number, history: number) => ({
      ...first,
      pending_request: { ...(first.pending_request as object), amount: pence },
      request_history: Array.from({ length: history }, () => ({ approved: true })),
    });
    expect((await authorize(c.card, 1_500, increment(1_500, 1))).approved).toBe(false); // £30 committed, £20 held
    expect((await authorize(c.card, 1_000, increment(1_000, 2))).approved).toBe(true);
    expect(await intent(c.intent)).toMatchObject({ held: 3_000, committed: 3_000 });
    const replay = increment(1_000, 2);
    expect((await authorize(c.card, 1_000, replay)).approved).toBe(true);
    expect(await intent(c.intent)).toMatchObject({ held: 3_000 });
  });

  it('6 and 7. a reversal lowers what is held; a partial capture waits for the rest to be released, then frees it', async () => {
    const {
      f,
      cards: [c],
    } = await cards(10_000, [2_500]);
    const first = await authorize(c.card, 3_000);
    expect((await authorize(c.card, 500)).approved).toBe(false);
    expect((await authUpdate(first.id, 'reversed', 0)).status).toBe(200);
    expect(await intent(c.intent)).toMatchObject({ held: 0, status: 'open' });
    const second = await authorize(c.card, 2_500);
    expect(second.approved).toBe(true);
    expect(await capture(c.card, second.id, 2_000)).toBe('posted');
    expect(await intent(c.intent)).toMatchObject({ status: 'settling', held: 500, committed: 1_000 });
    await authUpdate(second.id, 'closed', 0);
    expect(await intent(c.intent)).toMatchObject({ status: 'completed', held: 0, committed: 0 });
    expect(await ledger(f.budgetId)).toEqual({ available: 8_000, committed: 0, spent: 2_000 });
  });

  it('8. creates cards after commit with an idempotency key; the sweep adopts a card Kinwell never recorded and cancels strays', async () => {
    await cards(10_000, [2_500]);
    const created = stripe.requests.filter((r) => r.path === '/v1/issuing/cards' && r.method === 'POST');
    expect(created.every((r) => r.headers['idempotency-key']?.startsWith('kinwell-card-'))).toBe(true);

    // A crash after Stripe made the card but before Kinwell recorded it: the card exists only at Stripe.
    const second = await approvedItems(t, 5_000, [1_000]);
    stripe.failNext('/v1/issuing/cards');
    const bought = await t.gql<{ buyWithCard: { id: string; card: null } }>(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id card { last4 } } ... on ErrorResult { errorCode message } } }`,
      { id: second.itemIds[0] },
      second.brokerToken,
    );
    expect(bought.data!.buyWithCard.card).toBeNull();
    const issuer = t.app.get(CardIssuer);
    const [{ issuer_cardholder_id: cardholder }] = await t.dataSource.query(
      'SELECT issuer_cardholder_id FROM issuer_cardholder WHERE broker_organisation_id = (SELECT broker_organisation_id FROM purchase_intent WHERE id = $1)',
      [bought.data!.buyWithCard.id],
    );
    const orphan = await issuer.createCard(
      cardholder,
      { intentId: bought.data!.buyWithCard.id, limit: { pence: 1_000 } as never, allowedCategories: [], blockedCategories: [] },
      `kinwell-card-${bought.data!.buyWithCard.id}`,
    );
    const stray = await issuer.createCard(
      cardholder,
      { intentId: '00000000-0000-4000-8000-000000000000', limit: { pence: 1_000 } as never, allowedCategories: [], blockedCategories: [] },
      'someone-else',
    );
    expect(await t.app.get(CardIssuingService).sweep()).toMatchObject({ adopted: 1, cancelled: 1 });
    const [adopted] = await t.dataSource.query('SELECT issuer_card_id, status FROM issued_card WHERE intent_id = $1', [
      bought.data!.buyWithCard.id,
    ]);
    expect(adopted).toEqual({ issuer_card_id: orphan.issuerCardId, status: 'active' });
    expect(stripe.cards.get(stray.issuerCardId)!.status).toBe('canceled');
    // The failed request is retried by the worker: Stripe answers the same key with the same card, so there is still one.
    await t.app.get(OutboxRelay).relayBatch(100);
    const forIntent = [...stripe.cards.values()].filter(
      (c) => (c.metadata as { intentId?: string }).intentId === bought.data!.buyWithCard.id,
    );
    expect(forIntent).toHaveLength(1);
  });

  it('9. copies of one transaction under different event ids post it once; a refund larger than spent is raised, not refused for ever', async () => {
    const {
      f,
      cards: [c],
    } = await cards(10_000, [2_500]);
    const auth = await authorize(c.card, 2_500);
    const txn = transactionObject(c.card, auth.id, 2_500);
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(signedEvent('issuing_transaction.created', txn, SECRET))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.outcome === 'posted')).toHaveLength(1);
    expect(await ledger(f.budgetId)).toEqual({ available: 7_500, committed: 0, spent: 2_500 });
    expect(await capture(c.card, null, 4_000, 'refund')).toBe('exception');
    expect(await ledger(f.budgetId)).toEqual({ available: 10_000, committed: 0, spent: 0 });
    const kinds = (await t.dataSource.query(`SELECT kind FROM spend_exception WHERE plan_id = $1`, [f.planId])).map(
      (r: { kind: string }) => r.kind,
    );
    expect(kinds).toContain('refund_not_covered');
  });

  it('11. a validly signed event of an unexpected shape is a 400 and changes nothing', async () => {
    const before = await t.dataSource.query(
      'SELECT (SELECT count(*) FROM card_authorization)::int AS a, (SELECT count(*) FROM card_transaction)::int AS t, (SELECT count(*) FROM issuer_event)::int AS e',
    );
    for (const [type, object] of [
      ['issuing_authorization.request', {}],
      ['issuing_authorization.request', { id: 'iauth_1', card: null, pending_request: { amount: 100 } }],
      ['issuing_transaction.created', { id: 'ipi_1', type: 'capture', amount: 'lots', card: 'ic_1' }],
      ['issuing_authorization.updated', { id: 'iauth_1', status: 'weird', amount: 1 }],
    ] as const) {
      const res = await post(signedEvent(type, object, SECRET));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_EVENT');
    }
    const noObject = JSON.stringify({ id: 'evt_x', object: 'event', type: 'issuing_transaction.created', data: {} });
    const header = (await import('stripe')).default.webhooks.generateTestHeaderString({ payload: noObject, secret: SECRET });
    expect((await post({ payload: noObject, header })).status).toBe(400);
    expect(
      await t.dataSource.query(
        'SELECT (SELECT count(*) FROM card_authorization)::int AS a, (SELECT count(*) FROM card_transaction)::int AS t, (SELECT count(*) FROM issuer_event)::int AS e',
      ),
    ).toEqual(before);
  });

  it('12. statements read at once, and reconciliation run at once, count each payment once', async () => {
    const {
      f,
      cards: [c],
    } = await cards(20_000, [10_000]);
    const auth = await authorize(c.card, 10_000);
    await capture(c.card, auth.id, 10_000);
    const read = () =>
      t.gql<{ planStatement: { goals: Array<{ spent: { pence: number } }> } }>(
        `query($p: ID!) { planStatement(planId: $p) { goals { spent { pence } } } }`,
        { p: f.planId },
        f.brokerToken,
      );
    const reconciliation = t.app.get(ReconciliationService);
    for (let round = 0; round < 3; round++) {
      const [statements] = await Promise.all([
        Promise.all(Array.from({ length: 6 }, read)),
        Promise.all(Array.from({ length: 4 }, () => reconciliation.reconcilePlan(f.planId))),
      ]);
      for (const s of statements) expect(s.data!.planStatement.goals[0].spent.pence).toBe(10_000);
    }
    expect((await read()).data!.planStatement.goals[0].spent.pence).toBe(10_000);
    expect(
      await t.dataSource.query('SELECT count(*)::int AS n, sum(pence)::int AS pence FROM spend_goal_match WHERE plan_id = $1', [f.planId]),
    ).toEqual([{ n: 1, pence: 10_000 }]);
  });
});
