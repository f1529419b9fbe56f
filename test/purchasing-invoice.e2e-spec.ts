import { PurchasingService } from '@kinwell/payments';
import { seedDemoData } from '@kinwell/demo';
import { approvedItems, ApprovedItems, createTestApp, TestApp } from '@kinwell/testing';

describe('ordering from a listed provider by invoice, and purchases that expire', () => {
  let t: TestApp;
  let f: ApprovedItems;
  let providerId: string;
  let providerToken: string;

  beforeAll(async () => {
    t = await createTestApp({ CARD_VALID_DAYS: '1' });
    await seedDemoData(t.app);
    const [offering] = await t.dataSource.query(
      `SELECT o.id, o.organisation_id FROM offering o JOIN organisation g ON g.id = o.organisation_id WHERE o.name = 'Counselling session in Urdu: block of 6'`,
    );
    providerId = offering.organisation_id;
    providerToken = await t.signIn('provider@kinwell.demo', 'kinwell-demo');
    f = await approvedItems(t, 100_000, [4_000], [offering.id]);
  });
  afterAll(() => t.close());

  it('lets the provider see the order and, once the broker pays the invoice, that it is paid', async () => {
    const invoiceItem = f.itemIds[1];
    const ordered = await t.gql<{ orderByInvoice: { id: string; status: string; approved: { pence: number } } }>(
      `mutation($id: ID!) { orderByInvoice(itemId: $id) { __typename ... on Purchase { id status approved { pence } } ... on ErrorResult { errorCode message } } }`,
      { id: invoiceItem },
      f.brokerToken,
    );
    expect(ordered.data!.orderByInvoice).toMatchObject({ status: 'Open', approved: { pence: 24_300 } });
    const seen = async () =>
      (
        await t.gql<{ providerOrders: Array<{ id: string; status: string; paymentReference: string | null }> }>(
          `query($p: ID!) { providerOrders(providerId: $p) { id status paymentReference } }`,
          { p: providerId },
          providerToken,
        )
      ).data!.providerOrders;
    expect(await seen()).toEqual([{ id: ordered.data!.orderByInvoice.id, status: 'Open', paymentReference: null }]);
    await t.gql(
      `mutation($p: ID!) { markInvoicePaid(purchaseId: $p, paymentReference: "INV-2026-118") { __typename ... on Purchase { status } ... on ErrorResult { errorCode message } } }`,
      { p: ordered.data!.orderByInvoice.id },
      f.brokerToken,
    );
    expect(await seen()).toEqual([{ id: ordered.data!.orderByInvoice.id, status: 'Completed', paymentReference: 'INV-2026-118' }]);
    // Another provider's staff cannot see this provider's orders.
    const other = await t.signIn('provider2@kinwell.demo', 'kinwell-demo');
    expect(
      (await t.gql(`query($p: ID!) { providerOrders(providerId: $p) { id } }`, { p: providerId }, other)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('cancels an unused card purchase once it expires, releasing its money', async () => {
    const bought = await t.gql<{ buyWithCard: { id: string } }>(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[0] },
      f.brokerToken,
    );
    const purchasing = t.app.get(PurchasingService);
    expect(await purchasing.expireOverdue()).toBe(0);
    await t.dataSource.query(`UPDATE purchase_intent SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      bought.data!.buyWithCard.id,
    ]);
    expect(await purchasing.expireOverdue()).toBe(1);
    const [intent] = await t.dataSource.query('SELECT status FROM purchase_intent WHERE id = $1', [bought.data!.buyWithCard.id]);
    expect(intent.status).toBe('cancelled');
    const [{ committed }] = await t.dataSource.query(
      `SELECT coalesce(sum(e.amount_pence), 0)::int AS committed FROM budget_ledger_entry e JOIN budget_movement m ON m.id = e.movement_id WHERE m.reference_id = $1 AND e.account = 'committed'`,
      [f.itemIds[0]],
    );
    expect(committed).toBe(0);
  });
});
