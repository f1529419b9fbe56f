import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, pageText, TestApp, WebClient } from '@kinwell/testing';

/** A provider's own listings on the web: their states, adding an offering through its questions and a preview, withdrawing, and "still correct". */
describe("a provider's listings", () => {
  let t: TestApp;
  let provider: WebClient;
  let orgId: string;
  let serviceId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    provider = new WebClient(t);
    await provider.signIn('provider@kinwell.demo', DEMO_PASSWORD);
    [{ organisation_id: orgId }] = await t.dataSource.query(
      `SELECT m.organisation_id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = 'provider@kinwell.demo' AND m.role = 'provider_staff'`,
    );
    [{ id: serviceId }] = await t.dataSource.query(
      `SELECT id FROM service WHERE organisation_id = $1 AND withdrawn_at IS NULL ORDER BY name LIMIT 1`,
      [orgId],
    );
  });
  afterAll(() => t.close());
  const changes = () =>
    t.dataSource.query(
      `SELECT subject_type, operation, status, proposed FROM listing_change WHERE organisation_id = $1 AND status = 'pending'`,
      [orgId],
    );

  it('shows every listing with its state in plain words', async () => {
    expect((await provider.get('/provider')).location).toBe(`/provider/${orgId}`);
    const page = await provider.get(`/provider/${orgId}`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain('Your listings');
    expect(text).toContain('Live');
    expect(page.text).toContain(`/provider/${orgId}/offerings/new/details?service=${serviceId}`);
  });

  it('adds an offering through short questions, refusing fractions of a penny, with a preview before it is sent', async () => {
    const base = `/provider/${orgId}/offerings/new`;
    const before = (await changes()).length;
    const [category] = await t.dataSource.query(`SELECT code FROM taxonomy_term ORDER BY code LIMIT 1`);
    const empty = await provider.submit(`${base}/details?service=${serviceId}`, { serviceId });
    expect(empty.status).toBe(400);
    expect(pageText(empty.text)).toContain('Enter its name');
    const details = await provider.submit(`${base}/details?service=${serviceId}`, {
      serviceId,
      name: 'Women’s walking group: 10 weeks',
      description: 'A gentle walk and a cup of tea every Tuesday, led by women who have been there.',
      kind: 'course',
      category: category.code,
    });
    expect(details).toMatchObject({ status: 303, location: `${base}/price` });
    const fraction = await provider.submit(`${base}/price`, { price: '25.005', unit: 'one_off', available: 'yes' });
    expect(fraction.status).toBe(400);
    expect(pageText(fraction.text)).toContain('not fractions of a penny');
    const negative = await provider.submit(`${base}/price`, { price: '-3', unit: 'one_off', available: 'yes' });
    expect(negative.status).toBe(400);
    expect(await changes()).toHaveLength(before);
    expect((await provider.submit(`${base}/price`, { price: '£25', unit: 'one_off', available: 'yes' })).location).toBe(`${base}/check`);
    const check = pageText((await provider.get(`${base}/check`)).text);
    expect(check).toContain('How a budget holder will see it');
    expect(check).toContain('Women’s walking group: 10 weeks');
    expect(check).toContain('£25');
    expect((await provider.submit(`${base}/check`, {})).location).toBe(`/provider/${orgId}`);
    const change = (await changes()).find((c: { proposed: { name: string } }) => c.proposed.name === 'Women’s walking group: 10 weeks');
    expect(change).toMatchObject({ subject_type: 'offering', operation: 'create' });
    expect(change.proposed).toMatchObject({ pricePence: 2500, priceUnit: 'one_off', serviceId });
    const listings = pageText((await provider.get(`/provider/${orgId}`)).text);
    expect(listings).toMatch(/Women’s walking group: 10 weeks\s+Waiting for review since/);
  });

  it('changes the profile through its question and a check page, starting from what it says now', async () => {
    const base = `/provider/${orgId}/profile`;
    const page = await provider.get(`${base}/details`);
    const [live] = await t.dataSource.query(`SELECT description FROM provider_profile WHERE organisation_id = $1`, [orgId]);
    expect(page.text).toContain(live.description.slice(0, 30));
    const bad = await provider.submit(`${base}/details`, {
      description: 'We counsel in Urdu.',
      providerKind: 'voluntary',
      livedExperienceLed: 'yes',
      website: 'not a url',
    });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Choose at least one way you can be paid');
    expect(pageText(bad.text)).toContain('Enter a web address starting https://');
    const ok = await provider.submit(`${base}/details`, {
      description: 'Counselling in Urdu and English, by women and men counsellors.',
      providerKind: 'voluntary',
      livedExperienceLed: 'yes',
      paymentMethods: ['invoice', 'bank_transfer'],
      website: 'https://ucc.example',
    });
    expect(ok.location).toBe(`${base}/check`);
    expect((await provider.submit(`${base}/check`, {})).location).toBe(`/provider/${orgId}`);
    const change = (await changes()).find((c: { subject_type: string }) => c.subject_type === 'provider');
    expect(change).toMatchObject({
      operation: 'update',
      proposed: { livedExperienceLed: true, paymentMethods: ['invoice', 'bank_transfer'], website: 'https://ucc.example' },
    });
  });

  it('adds a service in two short pages, its openings and areas checked, then a check page', async () => {
    const base = `/provider/${orgId}/services/new`;
    const [place] = await t.dataSource.query(`SELECT id FROM location WHERE organisation_id = $1 AND withdrawn_at IS NULL LIMIT 1`, [
      orgId,
    ]);
    const about = await provider.submit(`${base}/about`, {
      name: 'Women’s walking group',
      description: 'A gentle walk and a cup of tea, led by women who have been there.',
      deliveryModes: ['in_person'],
      languages: ['ur', 'en'],
      interpreter: 'no',
      communities: [],
    });
    expect(about.location).toBe(`${base}/when`);
    const bad = await provider.submit(`${base}/when`, {
      locations: place.id,
      day1: 'TU',
      opens1: '14:00',
      closes1: '09:00',
      serviceAreas: 'E8, nowhere',
    });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('opening before closing');
    expect(pageText(bad.text)).toContain('Enter the first part of postcodes');
    const when = await provider.submit(`${base}/when`, {
      locations: place.id,
      day1: 'TU',
      opens1: '10:00',
      closes1: '12:00',
      note1: 'Women only',
      serviceAreas: 'e8 E9',
      contactName: 'Nadia',
      contactPhone: '020 7946 0991',
    });
    expect(when.location).toBe(`${base}/check`);
    const check = pageText((await provider.get(`${base}/check`)).text);
    expect(check).toContain('Tuesday 10:00 to 12:00 (Women only)');
    expect(check).toContain('E8, E9');
    expect((await provider.submit(`${base}/check`, {})).location).toBe(`/provider/${orgId}`);
    const change = (await changes()).find(
      (c: { subject_type: string; proposed: { name: string } }) =>
        c.subject_type === 'service' && c.proposed.name === 'Women’s walking group',
    );
    expect(change.proposed).toMatchObject({
      languages: ['ur', 'en'],
      locationIds: [place.id],
      schedules: [{ byDay: 'TU', opensAt: '10:00', closesAt: '12:00', note: 'Women only' }],
      serviceAreas: ['E8', 'E9'],
      contacts: [{ name: 'Nadia', phone: '020 7946 0991' }],
    });
  });

  it('adds a place through its question and a check page, refusing a postcode that is not one', async () => {
    const base = `/provider/${orgId}/locations/new`;
    const before = (await changes()).length;
    const bad = await provider.submit(`${base}/details`, {
      name: 'St Mark’s hall',
      addressLine: '1 Sutton Place',
      town: 'London',
      postcode: 'NOT A CODE',
    });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Enter a UK postcode');
    expect(await changes()).toHaveLength(before);
    const ok = await provider.submit(`${base}/details`, {
      name: 'St Mark’s hall',
      addressLine: '1 Sutton Place',
      town: 'London',
      postcode: 'e9 6ej',
      accessibility: ['step-free', 'hearing-loop'],
    });
    expect(ok.location).toBe(`${base}/check`);
    const check = pageText((await provider.get(`${base}/check`)).text);
    expect(check).toContain('Step-free access, Hearing loop');
    expect((await provider.submit(`${base}/check`, {})).location).toBe(`/provider/${orgId}`);
    const change = (await changes()).find(
      (c: { subject_type: string; proposed: { name: string } }) => c.subject_type === 'location' && c.proposed.name === 'St Mark’s hall',
    );
    expect(change.proposed).toMatchObject({ postcode: 'E9 6EJ', accessibility: ['step-free', 'hearing-loop'] });
  });

  it('asks before withdrawing, and "still correct" brings a stale service back', async () => {
    const withdraw = `/provider/${orgId}/withdraw/service/${serviceId}`;
    const unsure = await provider.submit(withdraw, {});
    expect(unsure.status).toBe(400);
    expect(pageText(unsure.text)).toContain('Tick the box to confirm');
    await t.dataSource.query(`UPDATE service SET stale_flagged_at = now(), last_confirmed_at = now() - interval '200 days' WHERE id = $1`, [
      serviceId,
    ]);
    const stale = await provider.get(`/provider/${orgId}`);
    expect(pageText(stale.text)).toContain('Going stale');
    const confirm = await provider.submit(`/provider/${orgId}`, {}, `/provider/${orgId}/services/${serviceId}/still-correct`);
    expect(confirm.status).toBe(303);
    const [row] = await t.dataSource.query(
      `SELECT stale_flagged_at, last_confirmed_at > now() - interval '1 minute' AS fresh FROM service WHERE id = $1`,
      [serviceId],
    );
    expect(row).toEqual({ stale_flagged_at: null, fresh: true });
    expect((await provider.submit(withdraw, { confirm: 'yes' })).status).toBe(303);
    expect((await changes()).some((c: { operation: string }) => c.operation === 'withdraw')).toBe(true);
  });

  it('keeps a provider to its own listings', async () => {
    const other = new WebClient(t);
    await other.signIn('provider2@kinwell.demo', DEMO_PASSWORD);
    expect((await other.get(`/provider/${orgId}`)).status).toBe(403);
    expect((await other.get(`/provider/${orgId}/offerings/new/details`)).status).toBe(403);
    const broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    expect((await broker.get('/provider')).status).toBe(403);
  });
});
