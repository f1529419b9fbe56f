import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { PurchasingService } from '@kinwell/payments';
import { PDFDocument } from 'pdf-lib';
import { approvedItems, ApprovedItems, createTestApp, hiddenFields, pageText, TEST_PASSWORD, TestApp, WebClient } from '@kinwell/testing';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A provider's orders: what was ordered, a case reference and never a name, the invoice sent (made here or uploaded), and when it was paid. */
describe("a provider's orders and invoices", () => {
  let t: TestApp;
  let f: ApprovedItems;
  let provider: WebClient;
  // Signed in once each: a second sign-in in the same half-minute waits for the next two-step code.
  let broker: WebClient;
  let otherBroker: WebClient;
  let providerId: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    t = await createTestApp({ FILE_STORAGE_DIR: `.data/test-files-${process.pid}`, LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    await seedDemoData(t.app);
    const [offering] = await t.dataSource.query(
      `SELECT id, organisation_id FROM offering WHERE name = 'Counselling session in Urdu: block of 6'`,
    );
    providerId = offering.organisation_id;
    f = await approvedItems(t, 100_000, [], [offering.id, offering.id]);
    const purchasing = t.app.get(PurchasingService);
    first = (await purchasing.orderByInvoice(f.broker, f.itemIds[0])).id;
    second = (await purchasing.orderByInvoice(f.broker, f.itemIds[1])).id;
    provider = new WebClient(t);
    await provider.signIn('provider@kinwell.demo', DEMO_PASSWORD);
    broker = new WebClient(t);
    await broker.signIn(f.broker.email, TEST_PASSWORD);
    otherBroker = new WebClient(t);
    await otherBroker.signIn('broker2@kinwell.demo', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  const today = new Date();
  const day = {
    'issuedOn-day': String(today.getUTCDate()),
    'issuedOn-month': String(today.getUTCMonth() + 1),
    'issuedOn-year': String(today.getUTCFullYear()),
  };

  it('lists the orders by case reference, never by name', async () => {
    const page = await provider.get(`/provider/${providerId}/orders`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toMatch(/Case [0-9A-F]{8}/);
    expect(text).not.toMatch(/Fixture(?! Brokerage)/);
    expect(text).toContain('Send an invoice');
  });

  it('makes the invoice PDF from the short form, once, and the broker reads it before marking it paid', async () => {
    const url = `/provider/${providerId}/orders/${first}`;
    const bad = await provider.submit(url, { invoiceNumber: 'INV 7; DROP', ...day }, `${url}/invoice`);
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('letters, numbers');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM provider_invoice`))[0].n).toBe(0);
    expect((await provider.submit(url, { invoiceNumber: 'UCC-2026/041', ...day }, `${url}/invoice`)).status).toBe(303);
    const [invoice] = await t.dataSource.query(`SELECT invoice_number, amount_pence, source FROM provider_invoice WHERE intent_id = $1`, [
      first,
    ]);
    expect(invoice).toMatchObject({ invoice_number: 'UCC-2026/041', source: 'form' });
    const file = await provider.agent
      .get(`/invoices/${first}.pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect((file.body as Buffer).toString('latin1').startsWith('%PDF-')).toBe(true);
    // A real PDF parser reads it back.
    const parsed = await PDFDocument.load(file.body as Buffer);
    expect(parsed.getTitle()).toBe('Invoice UCC-2026/041');
    expect(parsed.getPageCount()).toBe(1);
    expect(pageText((await provider.get(url)).text)).toContain('Invoiced: waiting to be paid');
    // Sent again from a stale page, it is refused and nothing changes.
    const again = await provider.post(`${url}/invoice`, {
      ...hiddenFields((await provider.get(url)).text, '/sign-out'),
      invoiceNumber: 'UCC-2026/099',
      ...day,
    });
    expect(again.status).toBe(400);
    expect(pageText(again.text)).toContain('no invoice is needed');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM provider_invoice WHERE intent_id = $1`, [first]))[0].n).toBe(1);

    const purchase = pageText((await broker.get(`/broker/purchases/${first}`)).text);
    expect(purchase).toContain('The provider sent invoice UCC-2026/041');
    expect((await broker.get(`/invoices/${first}.pdf`)).status).toBe(200);
    expect(
      (await broker.submit(`/broker/purchases/${first}`, { reference: 'BACS UCC-041' }, `/broker/purchases/${first}/paid`)).status,
    ).toBe(303);
    const paid = pageText((await provider.get(url)).text);
    expect(paid).toContain('Paid on');
    expect(paid).toContain('BACS UCC-041');
  });

  it('takes an uploaded PDF, and refuses what is not one', async () => {
    const url = `/provider/${providerId}/orders/${second}`;
    const send = async (content: Buffer, name: string) => {
      // A fresh page each time: the form's once-only key belongs to one send.
      const page = await provider.get(url);
      const action = /action="([^"]*\/upload\?[^"]*)"/.exec(page.text)![1].replace(/&amp;/g, '&');
      return provider.agent
        .post(action)
        .field('uploadNumber', 'UCC-042')
        .field('uploadIssuedOn-day', day['issuedOn-day'])
        .field('uploadIssuedOn-month', day['issuedOn-month'])
        .field('uploadIssuedOn-year', day['issuedOn-year'])
        .attach('invoice', content, { filename: name, contentType: 'application/pdf' });
    };
    const notPdf = await send(Buffer.from('hello, not a pdf'), 'invoice.pdf');
    expect(notPdf.status).toBe(400);
    expect(pageText(notPdf.text)).toContain('must be a PDF');
    const sent = await send(PDF, 'invoice.pdf');
    expect(sent.status).toBe(303);
    const [invoice] = await t.dataSource.query(`SELECT source FROM provider_invoice WHERE intent_id = $1`, [second]);
    expect(invoice.source).toBe('upload');
  });

  it('keeps the bank details sealed and masked, and shows them in full only to the broker paying an order, audited', async () => {
    const url = `/provider/${providerId}/payment-details`;
    const bad = await provider.submit(url, { accountName: 'Urdu Counselling Collective', sortCode: '12-34', accountNumber: '1234' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Enter a sort code of 6 digits');
    expect(pageText(bad.text)).toContain('Enter an account number of 8 digits');
    expect(
      (await provider.submit(url, { accountName: 'Urdu Counselling Collective', sortCode: '12 34 56', accountNumber: '8765 4321' })).status,
    ).toBe(303);
    const mine = pageText((await provider.get(url)).text);
    expect(mine).toContain('••••4321');
    expect(mine).not.toContain('87654321');
    const [row] = await t.dataSource.query(`SELECT sealed, last4 FROM provider_bank_details WHERE organisation_id = $1`, [providerId]);
    expect(row.last4).toBe('4321');
    expect(row.sealed).not.toContain('87654321');

    const [{ id: open }] = await t.dataSource.query(
      `SELECT id FROM purchase_intent WHERE method = 'invoice' AND status = 'open' AND provider_organisation_id = $1 LIMIT 1`,
      [providerId],
    );
    const masked = pageText((await broker.get(`/broker/purchases/${open}`)).text);
    expect(masked).toContain('••••4321');
    expect(masked).not.toContain('87654321');
    const shown = await broker.submit(`/broker/purchases/${open}`, {}, `/broker/purchases/${open}/bank-details`);
    expect(shown.status).toBe(200);
    expect(pageText(shown.text)).toContain('12-34-56');
    expect(pageText(shown.text)).toContain('87654321');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'provider.bank_details_shown'`))[0].n).toBe(
      1,
    );
    expect((await otherBroker.get(`/broker/purchases/${open}`)).status).toBe(403);
  });

  it('keeps orders and invoices to their provider and their broker', async () => {
    const other = new WebClient(t);
    await other.signIn('provider2@kinwell.demo', DEMO_PASSWORD);
    expect((await other.get(`/provider/${providerId}/orders`)).status).toBe(403);
    expect((await other.get(`/invoices/${first}.pdf`)).status).toBe(403);
    expect((await otherBroker.get(`/invoices/${first}.pdf`)).status).toBe(403);
  });
});
