import { seedDemoData } from '@kinwell/demo';
import { approvedItems, ApprovedItems, createTestApp, hiddenFields, pageText, TEST_PASSWORD, TestApp, WebClient } from '@kinwell/testing';

/** The broker's plan page and buying on the web: card, invoice and direct payment, each checked before it is done, and refusals in words. */
describe('buying approved items on the web', () => {
  let t: TestApp;
  let f: ApprovedItems;
  let broker: WebClient;
  const [cardItem, directItem, laterItem, invoiceItem] = [0, 1, 2, 3];
  const buyUrl = (i: number) => `/broker/plans/${f.planId}/items/${f.itemIds[i]}/buy`;
  const intents = () =>
    t.dataSource.query(
      `SELECT plan_item_id, method::text, status::text, approved_pence, payment_reference FROM purchase_intent ORDER BY created_at`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    const [offering] = await t.dataSource.query(`SELECT id FROM offering WHERE name = 'Counselling session in Urdu: block of 6'`);
    f = await approvedItems(t, 100_000, [20_000, 7_500, 3_000], [offering.id]);
    broker = new WebClient(t);
    await broker.signIn(f.broker.email, TEST_PASSWORD);
  });
  afterAll(() => t.close());

  it("shows the holder's record and the plan with what each approved item still needs", async () => {
    const [{ holder_id: holderId }] = await t.dataSource.query(`SELECT holder_id FROM support_plan WHERE id = $1`, [f.planId]);
    const holder = pageText((await broker.get(`/broker/holders/${holderId}`)).text);
    expect(holder).toContain('Fixture budget');
    expect(holder).toMatch(/Allocated £1,000\b/);
    const plan = await broker.get(`/broker/plans/${f.planId}`);
    expect(plan.status).toBe(200);
    expect(plan.text).toContain(`href="${buyUrl(cardItem)}"`);
    expect(pageText(plan.text)).toContain('Fixture item 1');
  });

  it('buys by card: the choice, the check, then the sandbox card with its test number and security code', async () => {
    const choose = await broker.get(buyUrl(cardItem));
    expect(pageText(choose.text)).toContain('How will you pay?');
    const none = await broker.submit(buyUrl(cardItem), {});
    expect(none.status).toBe(400);
    expect(pageText(none.text)).toContain('Choose how to pay');
    const chosen = await broker.submit(buyUrl(cardItem), { method: 'card' });
    expect(chosen).toMatchObject({ status: 303, location: `${buyUrl(cardItem)}/check?method=card` });
    expect(await intents()).toHaveLength(0);
    const check = await broker.get(chosen.location!);
    expect(pageText(check.text)).toContain('Check before you pay');
    const bought = await broker.submit(`${buyUrl(cardItem)}/check?method=card`, { method: 'card' });
    expect(bought.status).toBe(303);
    expect(bought.location).toMatch(/^\/broker\/purchases\/[0-9a-f-]{36}$/);
    const purchase = pageText((await broker.get(bought.location!)).text);
    const [card] = await t.dataSource.query(`SELECT last4, spending_limit_pence FROM issued_card`);
    expect(Number(card.spending_limit_pence)).toBe(20_000);
    const number = /Card number\s+(4000 00\d\d \d{4} \d{4})/.exec(purchase)?.[1];
    expect(number?.replace(/ /g, '').slice(-4)).toBe(card.last4);
    expect(purchase).toMatch(/Security code\s+\d{3}/);

    // Buying it again says why, and makes nothing.
    const again = await broker.submit(`${buyUrl(cardItem)}/check?method=card`, { method: 'card' });
    expect(again.status).toBe(400);
    expect(pageText(again.text)).toContain('This item has already been bought');
    expect(await intents()).toHaveLength(1);

    // Freeze, then unfreeze.
    expect((await broker.submit(bought.location!, {}, `${bought.location}/freeze`)).status).toBe(303);
    expect((await t.dataSource.query(`SELECT status::text FROM issued_card`))[0].status).toBe('inactive');
    expect(pageText((await broker.get(bought.location!)).text)).toContain('Unfreeze the card');
    expect((await broker.submit(bought.location!, {}, `${bought.location}/unfreeze`)).status).toBe(303);
    expect((await t.dataSource.query(`SELECT status::text FROM issued_card`))[0].status).toBe('active');
  });

  it('pays directly with a reference, refusing a missing one without changing anything', async () => {
    const missing = await broker.submit(buyUrl(directItem), { method: 'direct_payment' });
    expect(missing.status).toBe(400);
    expect(pageText(missing.text)).toContain('Enter the payment reference');
    const forged = await broker.submit(`${buyUrl(directItem)}/check?method=direct_payment&reference=BACS+4471`, {
      method: 'direct_payment',
      reference: '',
    });
    expect(forged.status).toBe(400);
    const chosen = await broker.submit(buyUrl(directItem), { method: 'direct_payment', reference: 'BACS 4471' });
    expect(pageText((await broker.get(chosen.location!)).text)).toContain('BACS 4471');
    const paid = await broker.submit(`${buyUrl(directItem)}/check?method=direct_payment&reference=BACS+4471`, {
      method: 'direct_payment',
      reference: 'BACS 4471',
    });
    expect(paid.status).toBe(303);
    expect((await intents()).find((i: { plan_item_id: string }) => i.plan_item_id === f.itemIds[directItem])).toMatchObject({
      method: 'direct_payment',
      status: 'completed',
      payment_reference: 'BACS 4471',
    });
  });

  it('orders by invoice and marks it paid; a free-text item offers no invoice', async () => {
    expect((await broker.get(buyUrl(cardItem))).text).not.toContain('value="invoice"');
    const ordered = await broker.submit(`${buyUrl(invoiceItem)}/check?method=invoice`, { method: 'invoice' });
    expect(ordered.status).toBe(303);
    const short = await broker.submit(ordered.location!, { reference: 'x' }, `${ordered.location}/paid`);
    expect(short.status).toBe(400);
    expect(pageText(short.text)).toContain('Write at least 3 characters');
    expect((await broker.submit(ordered.location!, { reference: 'INV-2207' }, `${ordered.location}/paid`)).status).toBe(303);
    const invoice = (await intents()).find((i: { plan_item_id: string }) => i.plan_item_id === f.itemIds[invoiceItem]);
    expect(invoice).toMatchObject({ method: 'invoice', status: 'completed', payment_reference: 'INV-2207' });
    // Paid once; pressing again is refused in words.
    const twice = await broker.post(`${ordered.location}/paid`, {
      ...hiddenFields((await broker.get(`/broker/plans/${f.planId}`)).text, '/sign-out'),
      reference: 'INV-2207',
    });
    expect(pageText(twice.text)).toContain('This purchase has already ended');
  });

  it('says why an item no longer approved cannot be bought, and buys nothing', async () => {
    const check = `${buyUrl(laterItem)}/check?method=card`;
    const page = await broker.get(check);
    expect(page.status).toBe(200);
    // Between opening the check page and confirming, the item stops being approved (here, straight in the database).
    await t.dataSource.query(`UPDATE plan_item SET status = 'changes_requested' WHERE id = $1`, [f.itemIds[laterItem]]);
    const refused = await broker.post(`${buyUrl(laterItem)}/check`, {
      ...hiddenFields(page.text, `${buyUrl(laterItem)}/check`),
      method: 'card',
    });
    expect(refused.status).toBe(400);
    expect(pageText(refused.text)).toContain('This item is no longer approved');
    expect(
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM purchase_intent WHERE plan_item_id = $1`, [f.itemIds[laterItem]]))[0].n,
    ).toBe(0);
    expect(pageText((await broker.get(buyUrl(laterItem))).text)).toContain('Only approved items can be bought');
  });

  it('keeps buying to the broker who holds the budget', async () => {
    const other = new WebClient(t);
    await other.signIn('broker2@kinwell.demo', 'kinwell-demo');
    expect((await other.get(buyUrl(cardItem))).status).toBe(403);
    expect((await other.get(`/broker/plans/${f.planId}`)).status).toBe(403);
    const [intent] = await t.dataSource.query(`SELECT id FROM purchase_intent LIMIT 1`);
    expect((await other.get(`/broker/purchases/${intent.id}`)).status).toBe(403);
  });
});
