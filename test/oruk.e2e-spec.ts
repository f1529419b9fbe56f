import { seedDemoData } from '@kinwell/demo';
import { createTestApp, TestApp } from '@kinwell/testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PAGE_KEYS = ['contents', 'empty', 'first_page', 'last_page', 'page_number', 'size', 'total_items', 'total_pages'];

/** Every `id` anywhere in a document, to check they are all UUIDs as HSDS requires. */
function ids(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => ids(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'id' || k.endsWith('_id')) && typeof v === 'string') out.push(v);
      else ids(v, out);
    }
  }
  return out;
}

describe('/oruk: the open Open Referral UK feed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ORUK_REQUESTS_PER_MINUTE: '1000' });
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  it('describes itself, with no key and open CORS', async () => {
    const res = await t.http().get('/oruk');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body).toMatchObject({ version: '3.0.0', profile: expect.stringContaining('openreferraluk') });
    const preflight = await t
      .http()
      .options('/oruk/services')
      .set('Origin', 'https://another-directory.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });

  it('pages services in the HSDS shape, approved listings only', async () => {
    const res = await t.http().get('/oruk/services?per_page=5&page=2');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(PAGE_KEYS);
    expect(res.body).toMatchObject({ page_number: 2, size: 5, first_page: false, empty: false });
    expect(res.body.total_pages).toBe(Math.ceil(res.body.total_items / 5));
    const [total] = await t.dataSource.query('SELECT count(*)::int AS n FROM service WHERE withdrawn_at IS NULL AND hidden_at IS NULL');
    expect(res.body.total_items).toBe(total.n);
    for (const s of res.body.contents)
      expect(s).toMatchObject({ id: expect.stringMatching(UUID), name: expect.any(String), status: 'active' });
  });

  it('serves a fully nested service with UUID ids throughout and exact prices', async () => {
    const list = await t.http().get('/oruk/services?search=urdu');
    const id = list.body.contents.find((x: { name: string }) => x.name === 'Urdu and Punjabi counselling').id;
    const res = await t.http().get(`/oruk/services/${id}`);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({
      id,
      status: 'active',
      organization: { name: 'Urdu Counselling Collective (demo)' },
      languages: expect.arrayContaining([expect.objectContaining({ code: 'ur', name: 'Urdu' })]),
      service_at_locations: [
        expect.objectContaining({
          location: expect.objectContaining({
            location_type: 'physical',
            addresses: [expect.objectContaining({ postal_code: 'E8 2NS', country: 'GB' })],
          }),
        }),
      ],
      attributes: expect.arrayContaining([
        expect.objectContaining({ taxonomy_term: expect.objectContaining({ code: 'talking-and-complementary-therapies' }) }),
      ]),
    });
    const urdu = s.cost_options.find((c: { option: string }) => c.option === 'Counselling session in Urdu');
    expect(urdu).toMatchObject({ currency: 'GBP', amount: 45, amount_description: '£45.00 per session' });
    expect(ids(s).length).toBeGreaterThan(10);
    for (const value of ids(s)) expect(value).toMatch(UUID);
  });

  it('filters by taxonomy term and by modified_after', async () => {
    const terms = await t.http().get('/oruk/taxonomy_terms?per_page=100');
    expect(terms.body.total_items).toBe(12);
    const travel = terms.body.contents.find((x: { code: string }) => x.code === 'travel-and-transport');
    const res = await t.http().get(`/oruk/services?taxonomy_term_id=${travel.id}`);
    expect(res.body.contents.map((s: { name: string }) => s.name).sort()).toEqual(['Community transport', 'Walking and cycling club']);
    const future = await t.http().get('/oruk/services?modified_after=2999-01-01');
    expect(future.body).toMatchObject({ total_items: 0, empty: true, contents: [] });
  });

  it('lists the taxonomy and finds service_at_locations near a postcode', async () => {
    const tax = await t.http().get('/oruk/taxonomies');
    expect(tax.body.contents).toEqual([
      expect.objectContaining({ id: expect.stringMatching(UUID), name: expect.stringContaining('personal health budget') }),
    ]);
    const near = await t.http().get('/oruk/service_at_locations?postcode=E8%203AB&proximity=800');
    expect(near.status).toBe(200);
    expect(near.body.total_items).toBeGreaterThan(0);
    const all = await t.http().get('/oruk/service_at_locations?per_page=100');
    expect(near.body.total_items).toBeLessThan(all.body.total_items);
    for (const sal of near.body.contents) expect(sal.location.addresses[0].postal_code).toMatch(/^(E8|E5|N16|E2|E9|N1) /);
  });

  it('never shows withdrawn or PHB-excluded listings', async () => {
    const [svc] = await t.dataSource.query(`SELECT id FROM service WHERE name = 'Gym and personal training'`);
    await t.dataSource.query('UPDATE service SET withdrawn_at = now() WHERE id = $1', [svc.id]);
    expect((await t.http().get(`/oruk/services/${svc.id}`)).status).toBe(404);
    const all = await t.http().get('/oruk/services?per_page=100');
    expect(all.body.contents.map((s: { id: string }) => s.id)).not.toContain(svc.id);
    const options = all.body.contents.flatMap((s: { cost_options: Array<{ option: string }> }) => s.cost_options.map((c) => c.option));
    expect(options).not.toContain('Wine and paint evening');
  });

  it.each([
    ['/oruk/services?per_page=1000', 400, 'per_page'],
    ['/oruk/services?page=0', 400, 'page'],
    ['/oruk/services?page=abc', 400, 'page'],
    ['/oruk/services?modified_after=yesterday', 400, 'modified_after'],
    ['/oruk/services?taxonomy_term_id=123', 400, 'taxonomy_term_id'],
    ['/oruk/services?search=a&search=b', 400, 'search'],
    ['/oruk/services/not-a-uuid', 400, 'id'],
    ['/oruk/services/00000000-0000-4000-8000-000000000000', 404, ''],
    ['/oruk/service_at_locations?postcode=nowhere', 400, 'postcode'],
    ['/oruk/service_at_locations?proximity=500', 400, 'proximity'],
  ])('refuses %s with %i', async (url, status, field) => {
    const res = await t.http().get(url);
    expect(res.status).toBe(status);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body.error.message).toEqual(expect.any(String));
    if (field) expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
  });
});

describe('/oruk throttling', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ ORUK_REQUESTS_PER_MINUTE: '5' })));
  afterAll(() => t.close());

  it('answers 429 with Retry-After once a client exceeds its rate', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.http().get('/oruk/taxonomies')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await t.http().get('/oruk/taxonomies');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // GraphQL is not throttled by the feed's limit.
    expect((await t.http().get('/health')).status).toBe(200);
  });
});
