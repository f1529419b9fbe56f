import { approvedItems, ApprovedItems, createTestApp, TestApp } from '@kinwell/testing';

const PURCHASE = `id status method approved { pence } paymentReference card { last4 spendingLimit { pence } blockedCategories status issuer }`;

describe('purchasing with the sandbox card issuer (the embedded default)', () => {
  let t: TestApp;
  let f: ApprovedItems;
  const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token = f.brokerToken) =>
    t.gql<T>(query, variables, token);
  const balances = async () => {
    const [row] = await t.dataSource.query(
      `SELECT sum(CASE WHEN account = 'available' THEN amount_pence ELSE 0 END)::int AS available, sum(CASE WHEN account = 'committed' THEN amount_pence ELSE 0 END)::int AS committed,
              sum(CASE WHEN account = 'spent' THEN amount_pence ELSE 0 END)::int AS spent, sum(amount_pence)::int AS total
         FROM budget_ledger_entry WHERE budget_id = $1`,
      [f.budgetId],
    );
    expect(row.total).toBe(0);
    return row as { available: number; committed: number; spent: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = await approvedItems(t, 100_000, [20_000, 15_000, 10_000, 5_000]);
  });
  afterAll(() => t.close());

  it('issues a single-use card bound to the item: limit = approved amount, gambling/alcohol/cash blocked', async () => {
    const res = await gql<{
      buyWithCard: {
        id: string;
        card: { last4: string; spendingLimit: { pence: number }; blockedCategories: string[]; status: string; issuer: string };
      };
    }>(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { ${PURCHASE} } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[0] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.buyWithCard.card).toMatchObject({
      last4: expect.stringMatching(/^\d{4}$/),
      spendingLimit: { pence: 20_000 },
      status: 'Active',
      issuer: 'sandbox',
    });
    expect(res.data!.buyWithCard.card.blockedCategories).toEqual(
      expect.arrayContaining(['betting_casino_gambling', 'package_stores_beer_wine_and_liquor', 'automated_cash_disburse']),
    );
    const again = await gql(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[0] },
    );
    // A second purchase of the same item is refused, as a result the page can show, not an error.
    expect(again.data?.buyWithCard).toEqual({
      __typename: 'AlreadyPurchasedError',
      errorCode: 'ALREADY_PURCHASED',
      message: expect.stringContaining('already has'),
    });
  });

  it('declines a simulated purchase in a blocked category, approves one within the limit, and shows it in the budget', async () => {
    const [intent] = await t.dataSource.query('SELECT id FROM purchase_intent WHERE plan_item_id = $1', [f.itemIds[0]]);
    const simulate = (category: string, pence: number) =>
      gql<{ simulateCardPurchase: { approved: boolean; reason: string | null } }>(
        `mutation($p: ID!, $c: String!, $a: Int!) { simulateCardPurchase(purchaseId: $p, merchantName: "Corner shop", merchantCategory: $c, amountPence: $a) { approved reason } }`,
        { p: intent.id, c: category, a: pence },
      );
    const before = await balances();
    expect((await simulate('betting_casino_gambling', 1_000)).data!.simulateCardPurchase).toEqual({
      approved: false,
      reason: expect.stringContaining('not allowed'),
    });
    expect((await simulate('sporting_goods_stores', 20_001)).data!.simulateCardPurchase).toMatchObject({
      approved: false,
      reason: expect.stringContaining('£200.00'),
    });
    expect(await balances()).toEqual(before);

    expect((await simulate('sporting_goods_stores', 18_500)).data!.simulateCardPurchase).toEqual({ approved: true, reason: null });
    // £185 spent; the £15 the card did not take is released, not stranded until the plan closes.
    expect(await balances()).toMatchObject({ committed: before.committed - 20_000, spent: 18_500, available: before.available + 1_500 });
    const [done] = await t.dataSource.query('SELECT status FROM purchase_intent WHERE id = $1', [intent.id]);
    expect(done.status).toBe('completed');
    // Single use: the card is closed after its purchase.
    expect((await simulate('sporting_goods_stores', 100)).data!.simulateCardPurchase).toMatchObject({ approved: false });
    const [plan] = await t.dataSource.query('SELECT first_payment_at FROM support_plan WHERE id = $1', [f.planId]);
    expect(plan.first_payment_at).not.toBeNull();
  });

  it('pays a direct payment to the holder, and refuses invoices for items that are not directory offerings', async () => {
    const before = await balances();
    const paid = await gql<{ payDirect: { status: string; paymentReference: string } }>(
      `mutation($id: ID!) { payDirect(itemId: $id, paymentReference: "BACS 2026-11-22 KW001") { __typename ... on Purchase { ${PURCHASE} } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[1] },
    );
    expect(paid.data!.payDirect).toMatchObject({ status: 'Completed', paymentReference: 'BACS 2026-11-22 KW001' });
    expect(await balances()).toMatchObject({ committed: before.committed - 15_000, spent: before.spent + 15_000 });
    const invoice = await gql(
      `mutation($id: ID!) { orderByInvoice(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[2] },
    );
    expect(invoice.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'itemId' }] });
  });

  it('cancels an open purchase: the card stops and the money is available again', async () => {
    const bought = await gql<{ buyWithCard: { id: string } }>(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      {
        id: f.itemIds[3],
      },
    );
    const before = await balances();
    const cancelled = await gql<{ cancelPurchase: { status: string; card: null } }>(
      `mutation($p: ID!) { cancelPurchase(purchaseId: $p) { __typename ... on Purchase { status } ... on ErrorResult { errorCode message } } }`,
      { p: bought.data!.buyWithCard.id },
    );
    expect(cancelled.data!.cancelPurchase.status).toBe('Cancelled');
    expect(await balances()).toMatchObject({ committed: before.committed - 5_000, available: before.available + 5_000 });
    const [card] = await t.dataSource.query('SELECT status FROM issued_card WHERE intent_id = $1', [bought.data!.buyWithCard.id]);
    expect(card.status).toBe('canceled');
  });

  it('refuses another broker organisation, and anyone signed out', async () => {
    const other = await gql(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[2] },
      f.otherBrokerToken,
    );
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[2] },
    );
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
