import { Clock } from '@kinwell/kernel';
import { ReconciliationService } from '@kinwell/reconciliation';
import { approvedItems, ApprovedItems, createTestApp, hiddenFields, pageText, TEST_PASSWORD, TestApp, WebClient } from '@kinwell/testing';

// A photo as an iPhone saves it: an ISO media file whose brand is HEIC, here 3 MB.
const heicPhoto = (bytes: number) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(bytes - 12, 1)]);

describe('receipts and direct payments on the holder’s pages', () => {
  let t: TestApp;
  let f: ApprovedItems;
  let web: WebClient;

  beforeAll(async () => {
    t = await createTestApp();
    f = await approvedItems(t, 100_000, [20_000, 15_000]);
    await t.gql(
      `mutation($id: ID!) { payDirect(itemId: $id, paymentReference: "BACS KW-1") { __typename } }`,
      { id: f.itemIds[0] },
      f.brokerToken,
    );
    const [{ email }] = await t.dataSource.query(
      `SELECT u.email FROM app_user u JOIN holder h ON h.user_id = u.id JOIN support_plan p ON p.holder_id = h.id WHERE p.id = $1`,
      [f.planId],
    );
    web = new WebClient(t);
    await web.signIn(email, TEST_PASSWORD);
  });
  afterAll(() => t?.close());

  it('reports what a direct payment bought, with pounds as typed and a real date, and refuses a future one', async () => {
    const page = `/plans/${f.planId}/items/${f.itemIds[0]}/spend`;
    const future = await web.submit(page, {
      merchantName: 'Sports Direct',
      amount: '£120',
      'occurredOn-day': '1',
      'occurredOn-month': '1',
      'occurredOn-year': '2099',
    });
    expect(future.status).toBe(400);
    expect(pageText(future.text)).toContain('Enter a date that is not in the future');
    const fraction = await web.submit(page, {
      merchantName: 'Sports Direct',
      amount: '12.345',
      'occurredOn-day': '31',
      'occurredOn-month': '2',
      'occurredOn-year': '2026',
    });
    expect(pageText(fraction.text)).toContain('not fractions of a penny');
    expect(pageText(fraction.text)).toContain('Enter the date you bought it');
    expect(Number((await t.dataSource.query(`SELECT count(*) n FROM reported_spend`))[0].n)).toBe(0);

    const today = new Date();
    const ok = await web.submit(page, {
      merchantName: 'Sports Direct',
      amount: '£120',
      'occurredOn-day': String(today.getUTCDate()),
      'occurredOn-month': String(today.getUTCMonth() + 1),
      'occurredOn-year': String(today.getUTCFullYear()),
    });
    expect(ok).toMatchObject({ status: 303, location: `/plans/${f.planId}/spending` });
    expect(await t.dataSource.query(`SELECT merchant_name, amount_pence FROM reported_spend`)).toEqual([
      { merchant_name: 'Sports Direct', amount_pence: '12000' },
    ]);
    // An item not paid to the holder has nothing to report.
    const card = await web.submit(`/plans/${f.planId}/items/${f.itemIds[1]}/spend`, {
      merchantName: 'Shop',
      amount: '5',
      'occurredOn-day': String(today.getUTCDate()),
      'occurredOn-month': String(today.getUTCMonth() + 1),
      'occurredOn-year': String(today.getUTCFullYear()),
    });
    expect(pageText(card.text)).toContain('was not paid to you as a direct payment');
  });

  it('takes a 3 MB HEIC photo of a receipt from a phone, and refuses a file that is not one', async () => {
    const later = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 20 * 86_400_000));
    try {
      await t.app.get(ReconciliationService).reconcilePlan(f.planId);
    } finally {
      later.mockRestore();
    }
    const page = await web.get(`/plans/${f.planId}/receipts/new`);
    expect(page.status).toBe(200);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const spendRef = /name="spendRef" type="radio" value="([^"]+)"/.exec(page.text)![1];
    const q = hiddenFields(page.text, action.split('?')[0]);
    expect(q._csrf).toBeTruthy();

    const notAPhoto = await web.agent.post(action).field('spendRef', spendRef).attach('receipt', Buffer.from('hello'), 'receipt.txt');
    expect(notAPhoto.status).toBe(400);
    expect(pageText(notAPhoto.text)).toContain('a receipt must be a PDF, or a JPEG, PNG or HEIC photo');

    const fresh = await web.get(`/plans/${f.planId}/receipts/new`);
    const freshAction = /<form method="post" action="([^"]+)" enctype/.exec(fresh.text)![1].replace(/&amp;/g, '&');
    const res = await web.agent
      .post(freshAction)
      .field('spendRef', spendRef)
      .attach('receipt', heicPhoto(3 * 1024 * 1024), { filename: 'IMG_0042.HEIC', contentType: 'image/heic' });
    expect(res.status).toBe(303);
    expect(await t.dataSource.query(`SELECT content_type, size_bytes FROM receipt`)).toEqual([
      { content_type: 'image/heic', size_bytes: 3 * 1024 * 1024 },
    ]);

    // Over 5 MB: a page that says so in words, and nothing stored.
    const again = await web.get(`/plans/${f.planId}/receipts/new`);
    const againAction = /<form method="post" action="([^"]+)" enctype/.exec(again.text)?.[1]?.replace(/&amp;/g, '&');
    const big = await web.agent
      .post(againAction ?? freshAction)
      .field('spendRef', spendRef)
      .attach('receipt', heicPhoto(6 * 1024 * 1024), { filename: 'IMG_0043.HEIC', contentType: 'image/heic' });
    expect(big.status).toBe(413);
    expect(pageText(big.text)).toContain('Files can be up to 5 MB');
    expect(await t.dataSource.query(`SELECT count(*)::int n FROM receipt`)).toEqual([{ n: 1 }]);
  });
});
