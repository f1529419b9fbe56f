import { PurchasingService } from '@kinwell/payments';
import { ReconciliationService } from '@kinwell/reconciliation';
import { Clock, Money } from '@kinwell/kernel';
import { approvedItems, ApprovedItems, createTestApp, hiddenFields, pageText, TEST_PASSWORD, TestApp, WebClient } from '@kinwell/testing';

/** Reconciliation on the broker's pages: the queue of spending to check, recovering what is owed, statements and closing a period. */
describe("the broker's money pages", () => {
  let t: TestApp;
  let f: ApprovedItems;
  let broker: WebClient;
  const balances = (): Promise<Array<{ account: string; pence: number }>> =>
    t.dataSource.query(
      `SELECT account, sum(amount_pence)::int AS pence FROM budget_ledger_entry WHERE budget_id = $1 GROUP BY account ORDER BY account`,
      [f.budgetId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    f = await approvedItems(t, 100_000, [20_000, 15_000]);
    const purchasing = t.app.get(PurchasingService);
    const { intent } = await purchasing.buyWithCard(f.broker, f.itemIds[0]);
    await purchasing.simulateCardPurchase(f.broker, intent.id, 'Sports Direct', 'sporting_goods_stores', Money.ofPence(18_000));
    await t.app.get(ReconciliationService).reconcilePlan(f.planId);
    broker = new WebClient(t);
    await broker.signIn(f.broker.email, TEST_PASSWORD);
  });
  afterAll(() => t.close());

  it('lists what to check across the plans; recovering raises what is owed, and its coming back refunds the budget once', async () => {
    const home = pageText((await broker.get('/broker')).text);
    expect(home).toMatch(/Spending to look at: [1-9]/);
    const queue = await broker.get('/broker/exceptions');
    const [exceptionId] = [...queue.text.matchAll(/href="\/broker\/exceptions\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(pageText(queue.text)).toContain('Bought from a shop outside the directory');
    const page = `/broker/exceptions/${exceptionId}`;

    // Recovering needs how much and from whom; nothing changes until it has them.
    const bare = await broker.submit(page, { resolution: 'recover', note: 'The boots were not what the physio asked for' });
    expect(bare.status).toBe(400);
    expect(pageText(bare.text)).toContain('Enter the amount owed back');
    const tooMuch = await broker.submit(page, { resolution: 'recover', amount: '5000', owedBy: 'shop', note: 'The boots were not right' });
    expect(tooMuch.status).toBe(400);
    expect(pageText(tooMuch.text)).toContain('cannot be more than was spent');
    expect((await t.dataSource.query(`SELECT status FROM spend_exception WHERE id = $1`, [exceptionId]))[0].status).toBe('open');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM spend_recovery`))[0].n).toBe(0);

    const done = await broker.submit(page, {
      resolution: 'recover',
      amount: '£45.50',
      owedBy: 'shop',
      note: 'The boots were not right; the shop agreed to refund',
    });
    expect(done).toMatchObject({ status: 303, location: '/broker/exceptions' });
    const [recovery] = await t.dataSource.query(`SELECT id, owed_pence, owed_by, status FROM spend_recovery`);
    // The same in GraphQL: the queue no longer lists it, and the plan's recoveries do.
    const gql = await t.gql<{
      openSpendExceptions: Array<{ id: string }>;
      spendRecoveries: Array<{ owed: { pence: number }; owedBy: string; status: string }>;
    }>(
      `query($p: ID!) { openSpendExceptions { id } spendRecoveries(planId: $p) { owed { pence } owedBy status } }`,
      { p: f.planId },
      f.brokerToken,
    );
    expect(gql.data!.openSpendExceptions.map((e) => e.id)).not.toContain(exceptionId);
    expect(gql.data!.spendRecoveries).toEqual([{ owed: { pence: 4_550 }, owedBy: 'Shop', status: 'Owed' }]);
    expect(recovery).toMatchObject({ owed_by: 'shop', status: 'owed' });
    expect(Number(recovery.owed_pence)).toBe(4_550);

    const statementUrl = `/broker/plans/${f.planId}/statement`;
    const statement = pageText((await broker.get(statementUrl)).text);
    expect(statement).toContain('£45.50 owed by The shop');
    const before = await balances();
    const settle = () =>
      broker.submit(
        statementUrl,
        { outcome: 'recovered', settleNote: 'Refund ref SD-1182', planId: f.planId },
        `/broker/recoveries/${recovery.id}`,
      );
    expect((await settle()).status).toBe(303);
    const after = await balances();
    const of = (rows: typeof before, account: string) => rows.find((r) => r.account === account)?.pence ?? 0;
    expect(of(after, 'available') - of(before, 'available')).toBe(4_550);
    expect(of(before, 'spent') - of(after, 'spent')).toBe(4_550);
    // Sent again (a stale page), it is refused in words and nothing moves twice.
    const again = await broker.post(`/broker/recoveries/${recovery.id}`, {
      ...hiddenFields((await broker.get(statementUrl)).text, '/sign-out'),
      outcome: 'recovered',
      settleNote: 'Refund ref SD-1182',
      planId: f.planId,
    });
    expect(again.status).toBe(400);
    expect(pageText(again.text)).toContain('already recovered');
    expect(await balances()).toEqual(after);
  });

  it('counts receipts missing once a card payment is 15 days old without one', async () => {
    expect(pageText((await broker.get('/broker')).text)).toContain('Receipts missing: 0');
    const later = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 16 * 86_400_000));
    try {
      expect(pageText((await broker.get('/broker')).text)).toContain('Receipts missing: 1');
    } finally {
      later.mockRestore();
    }
  });

  it('reads money as people type it for a top-up, and refuses fractions of a penny, negatives and absurd amounts', async () => {
    const url = `/broker/plans/${f.planId}/top-up`;
    for (const [amount, says] of [
      ['12.345', 'not fractions of a penny'],
      ['-5', 'Enter an amount'],
      ['5000000', 'Enter an amount of £'],
      ['lots', 'Enter an amount of money'],
    ]) {
      const res = await broker.submit(url, { amount, reason: 'Crisis support' });
      expect(res.status).toBe(400);
      expect(pageText(res.text)).toContain(says);
    }
    const before = (
      await t.dataSource.query(`SELECT count(*)::int AS n FROM budget_movement WHERE budget_id = $1 AND kind = 'top_up'`, [f.budgetId])
    )[0].n;
    expect(before).toBe(0);
    expect((await broker.submit(url, { amount: '£1,234.50', reason: 'Crisis support for a month' })).status).toBe(303);
    const [top] = await t.dataSource.query(`SELECT amount_pence FROM budget_movement WHERE budget_id = $1 AND kind = 'top_up'`, [
      f.budgetId,
    ]);
    expect(Number(top.amount_pence)).toBe(123_450);
  });

  it('serves the statement as CSV for Excel, and closes a period only once it has ended', async () => {
    const csv = await broker.get(`/broker/plans/${f.planId}/statement.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('\uFEFFsection,goal or item')).toBe(true);
    const url = `/broker/plans/${f.planId}/statement`;
    const future = new Date(Date.now() + 5 * 86_400_000);
    const ahead = await broker.submit(
      url,
      {
        'periodEnd-day': String(future.getUTCDate()),
        'periodEnd-month': String(future.getUTCMonth() + 1),
        'periodEnd-year': String(future.getUTCFullYear()),
      },
      `${url}/close`,
    );
    expect(ahead.status).toBe(400);
    expect(pageText(ahead.text)).toContain('only once it has ended');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM statement_period`))[0].n).toBe(0);
  });

  it('keeps the queue and statements to the broker who holds the plan', async () => {
    const other = new WebClient(t);
    const [{ email }] = await t.dataSource.query(
      `SELECT u.email FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organisation o ON o.id = m.organisation_id WHERE o.kind = 'broker' AND o.name <> 'Fixture Brokerage' AND m.role = 'broker_staff' LIMIT 1`,
    );
    await other.signIn(email, TEST_PASSWORD);
    expect(pageText((await other.get('/broker/exceptions')).text)).toContain('Nothing needs checking');
    expect((await other.get(`/broker/plans/${f.planId}/statement`)).status).toBe(403);
    expect((await other.get(`/broker/plans/${f.planId}/statement.csv`)).status).toBe(403);
  });
});
