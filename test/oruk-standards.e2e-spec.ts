import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemoData } from '@kinwell/demo';
import { createTestApp, TestApp } from '@kinwell/testing';

const SCHEMAS = join(__dirname, 'fixtures', 'open-referral');
const schema = (name: string) => JSON.parse(readFileSync(join(SCHEMAS, `${name}.schema.json`), 'utf8'));

/**
 * Every document the open feed serves, crawled page by page and item by item, checked against
 * both official schema sets: HSDS 3.0 and the Open Referral UK 3.0 profile. Strictly, as the
 * ORUK validator reads JSON: a field sent as null where the schema wants a string fails.
 */
describe('/oruk against the HSDS 3.0 and ORUK 3.0-UK schemas', () => {
  let t: TestApp;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(schema('hsds-taxonomy'), 'taxonomy.schema.json');
  const validators = new Map<string, ValidateFunction>();
  const checked: string[] = [];
  const failures: string[] = [];

  const check = (url: string, body: unknown, ...names: string[]) => {
    for (const name of names) {
      const validate = validators.get(name) ?? ajv.compile(name === 'hsds-taxonomy' ? { $ref: 'taxonomy.schema.json' } : schema(name));
      validators.set(name, validate);
      if (!validate(body)) failures.push(`${url} against ${name}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
    }
    checked.push(url);
  };
  const get = async (url: string) => {
    const res = await t.http().get(url);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Every page of a list, each page checked as a whole and each item in it. */
  const crawl = async (path: string, pageSchemas: string[], itemSchemas: string[]) => {
    const items: Array<{ id: string }> = [];
    for (let page = 1; ; page++) {
      const url = `${path}?per_page=25&page=${page}`;
      const body = await get(url);
      check(url, body, ...pageSchemas);
      body.contents.forEach((item: { id: string }, i: number) => check(`${url}#${i}`, item, ...itemSchemas));
      items.push(...body.contents);
      if (body.last_page) return items;
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ ORUK_REQUESTS_PER_MINUTE: '100000' });
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  it('validates every endpoint, every page and every item', async () => {
    check('/oruk', await get('/oruk'), 'oruk-api-details');

    const services = await crawl('/oruk/services', ['oruk-service-page'], ['hsds-service-in-list']);
    expect(services.length).toBeGreaterThan(20);
    for (const { id } of services) check(`/oruk/services/${id}`, await get(`/oruk/services/${id}`), 'oruk-service', 'hsds-service');

    const places = await crawl('/oruk/service_at_locations', ['oruk-service-at-location-page'], ['hsds-service-at-location-in-list']);
    for (const { id } of places)
      check(
        `/oruk/service_at_locations/${id}`,
        await get(`/oruk/service_at_locations/${id}`),
        'oruk-service-at-location',
        'hsds-service-at-location',
      );

    for (const { id } of await crawl('/oruk/taxonomies', [], ['hsds-taxonomy']))
      check(`/oruk/taxonomies/${id}`, await get(`/oruk/taxonomies/${id}`), 'hsds-taxonomy');
    for (const { id } of await crawl('/oruk/taxonomy_terms', [], ['hsds-taxonomy-term']))
      check(`/oruk/taxonomy_terms/${id}`, await get(`/oruk/taxonomy_terms/${id}`), 'hsds-taxonomy-term');
    const organisations = await crawl('/oruk/organizations', [], ['oruk-organization']);
    expect(organisations.length).toBeGreaterThan(10);
    for (const { id } of organisations) check(`/oruk/organizations/${id}`, await get(`/oruk/organizations/${id}`), 'oruk-organization');

    expect(failures.slice(0, 20)).toEqual([]);
    expect(checked.length).toBeGreaterThan(100);
  });

  it('leaves unknown optional fields out rather than sending null', async () => {
    const page = await get('/oruk/services?per_page=100');
    expect(JSON.stringify(page)).not.toContain('null');
  });

  it('answers an unknown id on the optional endpoints with 404 and a malformed one with 400', async () => {
    for (const path of ['taxonomies', 'taxonomy_terms', 'organizations', 'service_at_locations']) {
      expect((await t.http().get(`/oruk/${path}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      const bad = await t.http().get(`/oruk/${path}/x`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    }
  });
});
