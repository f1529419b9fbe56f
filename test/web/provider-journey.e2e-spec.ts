import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { PurchasingService } from '@kinwell/payments';
import { SearchIndexer } from '@kinwell/search';
import { approvedItems, createTestApp, lastEmailTo, pageText, TestApp, WebClient } from '@kinwell/testing';

const PASSWORD = 'a sewing circle on thursday afternoons';

/**
 * Issue 16's journey on the pages: a new provider registers, writes its profile, lists a place, a service
 * with its openings and two offerings; a moderator approves; the offerings are in public search and the
 * open feed with their schedule; a broker orders one; the provider sees the order, sends an invoice and
 * sees it paid.
 */
describe('a new provider, from registering to being paid', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ FILE_STORAGE_DIR: `.data/test-files-${process.pid}` });
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  it('lists, is approved, is found, is ordered from, invoices and is paid', async () => {
    const [broker] = await t.dataSource.query(`SELECT commissioner_id FROM organisation WHERE name = 'Hackney Wellbeing Brokerage (demo)'`);
    const provider = new WebClient(t);
    expect(
      (
        await provider.submit('/register', {
          organisationName: 'Clapton Sewing Circle',
          areaId: broker.commissioner_id,
          displayName: 'Parveen',
          email: 'parveen@sewing.example',
          password: PASSWORD,
        })
      ).location,
    ).toBe('/register/received');
    await provider.submit((await lastEmailTo(t.dataSource, 'parveen@sewing.example')).path!, {});
    const [org] = await t.dataSource.query(`SELECT id FROM organisation WHERE name = 'Clapton Sewing Circle'`);
    const moderator = new WebClient(t);
    await moderator.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    expect(
      (await moderator.submit('/moderation/registrations', { decision: 'approve' }, `/moderation/registrations/${org.id}`)).status,
    ).toBe(303);

    await provider.signIn('parveen@sewing.example', PASSWORD);
    const home = `/provider/${org.id}`;
    expect((await provider.get('/provider')).location).toBe(home);
    const approveAll = async () => {
      const page = await moderator.get('/moderation/listings');
      for (const [, id] of page.text.matchAll(/action="\/moderation\/listings\/([0-9a-f-]{36})"/g))
        expect((await moderator.submit('/moderation/listings', { decision: 'approve' }, `/moderation/listings/${id}`)).status).toBe(303);
    };

    // The profile and a place, approved together.
    await provider.submit(`${home}/profile/details`, {
      description: 'Women sewing together in Urdu, Bengali and English, with tea.',
      providerKind: 'voluntary',
      livedExperienceLed: 'yes',
      paymentMethods: ['invoice', 'bank_transfer'],
    });
    expect((await provider.submit(`${home}/profile/check`, {})).location).toBe(home);
    await provider.submit(`${home}/locations/new/details`, {
      name: 'St Mark’s hall',
      addressLine: '1 Sutton Place',
      town: 'London',
      postcode: 'E9 6EJ',
      accessibility: ['step-free'],
    });
    expect((await provider.submit(`${home}/locations/new/check`, {})).location).toBe(home);
    await approveAll();
    const [place] = await t.dataSource.query(`SELECT id FROM location WHERE organisation_id = $1`, [org.id]);

    // The service, with its times and the districts it serves.
    await provider.submit(`${home}/services/new/about`, {
      name: 'Sewing circle',
      description: 'Make something together; machines and fabric provided.',
      deliveryModes: ['in_person'],
      languages: ['ur', 'bn', 'en'],
      interpreter: 'no',
    });
    await provider.submit(`${home}/services/new/when`, {
      locations: place.id,
      day1: 'TH',
      opens1: '13:00',
      closes1: '15:30',
      serviceAreas: 'E5 E9',
    });
    expect((await provider.submit(`${home}/services/new/check`, {})).location).toBe(home);
    await approveAll();
    const [service] = await t.dataSource.query(`SELECT id FROM service WHERE organisation_id = $1`, [org.id]);

    // Two offerings.
    const [category] = await t.dataSource.query(`SELECT code FROM taxonomy_term ORDER BY code LIMIT 1`);
    for (const [name, price] of [
      ['Sewing circle: 10 weeks', '£60'],
      ['Sewing machine for home', '149.99'],
    ]) {
      await provider.submit(`${home}/offerings/new/details?service=${service.id}`, {
        serviceId: service.id,
        name,
        description: `${name}, from the Clapton Sewing Circle.`,
        kind: 'course',
        category: category.code,
      });
      await provider.submit(`${home}/offerings/new/price`, { price, unit: 'one_off', available: 'yes' });
      expect((await provider.submit(`${home}/offerings/new/check`, {})).location).toBe(home);
    }
    await approveAll();
    expect(pageText((await provider.get(home)).text)).not.toContain('Waiting for review');

    // Found in public search, and in the open feed with its schedule.
    // The worker re-indexes a provider when its listings change (PROVIDER_CHANGED); this app has no worker, so its job runs here.
    expect(
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox_event WHERE topic = 'directory.provider.changed' AND payload->>'providerId' = $1`,
          [org.id],
        )
      )[0].n,
    ).toBeGreaterThan(0);
    await t.app.get(SearchIndexer).reindexProviders([org.id]);
    const search = pageText((await new WebClient(t).get('/find-support?q=sewing')).text);
    expect(search).toContain('Sewing circle: 10 weeks');
    expect(search).toContain('Sewing machine for home');
    const feed = (await t.http().get(`/oruk/services/${service.id}`)).body as {
      schedules: Array<{ byday: string; opens_at: string }>;
      cost_options: unknown[];
    };
    expect(feed.schedules).toEqual([expect.objectContaining({ byday: 'TH', opens_at: '13:00', closes_at: '15:30' })]);
    expect(feed.cost_options).toHaveLength(2);

    // A broker orders one; the provider sees it, invoices and sees it paid.
    const [offering] = await t.dataSource.query(`SELECT id FROM offering WHERE name = 'Sewing circle: 10 weeks'`);
    const f = await approvedItems(t, 100_000, [], [offering.id]);
    const order = await t.app.get(PurchasingService).orderByInvoice(f.broker, f.itemIds[0]);
    const orders = pageText((await provider.get(`${home}/orders`)).text);
    expect(orders).toContain('Sewing circle: 10 weeks');
    expect(orders).toContain('Send an invoice');
    const today = new Date();
    const orderPage = `${home}/orders/${order.id}`;
    await provider.submit(
      orderPage,
      {
        invoiceNumber: 'CSC-001',
        'issuedOn-day': String(today.getUTCDate()),
        'issuedOn-month': String(today.getUTCMonth() + 1),
        'issuedOn-year': String(today.getUTCFullYear()),
      },
      `${orderPage}/invoice`,
    );
    await t.app.get(PurchasingService).markInvoicePaid(f.broker, order.id, 'BACS CSC-001');
    const paid = pageText((await provider.get(orderPage)).text);
    expect(paid).toContain('Paid on');
    expect(paid).toContain('BACS CSC-001');
  });
});
