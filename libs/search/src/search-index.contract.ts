import { OfferingDocument } from './offering-document';
import { SearchIndex, SearchQuery } from './search-index';

/**
 * The behaviour every SearchIndex adapter must share. Each adapter's spec calls this
 * with a factory; the same fixtures and expectations run against every engine.
 */
export const PROVIDER_A = '0a000000-0000-4000-8000-00000000000a';
export const PROVIDER_B = '0b000000-0000-4000-8000-00000000000b';

const E8 = { latitude: 51.544, longitude: -0.062 };

function doc(id: number, overrides: Partial<OfferingDocument>): OfferingDocument {
  return {
    id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    providerId: PROVIDER_A,
    providerName: 'Hackney Community Network',
    providerKind: 'voluntary',
    peerLed: false,
    serviceId: '5e000000-0000-4000-8000-000000000001',
    serviceName: 'Wellbeing',
    name: `Offering ${id}`,
    description: 'A friendly local service.',
    categoryCode: 'self-care-and-wellbeing',
    communities: [],
    languages: ['en'],
    interpreterAvailable: false,
    deliveryModes: ['in_person'],
    accessibility: [],
    pricePence: 1000,
    priceUnit: 'one_off',
    latitude: null,
    longitude: null,
    postcodeDistrict: null,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export const FIXTURES: OfferingDocument[] = [
  doc(1, {
    name: 'Urdu counselling for women',
    description: 'Six counselling sessions in Urdu with a woman counsellor.',
    categoryCode: 'talking-and-complementary-therapies',
    languages: ['ur', 'en'],
    communities: ['pakistani', 'women', 'muslim'],
    pricePence: 4500,
    priceUnit: 'per_session',
    deliveryModes: ['in_person', 'online'],
    latitude: 51.544,
    longitude: -0.062,
    postcodeDistrict: 'E8',
  }),
  doc(2, {
    name: 'Gym membership',
    description: 'Monthly membership with an induction from a trainer.',
    categoryCode: 'fitness-and-exercise',
    providerKind: 'mainstream_business',
    pricePence: 2500,
    priceUnit: 'per_month',
    accessibility: ['step-free'],
    latitude: 51.562,
    longitude: -0.076,
    postcodeDistrict: 'N16',
  }),
  doc(3, {
    name: 'African clothes-making course',
    description: 'Learn to cut and sew African prints over ten weeks.',
    categoryCode: 'arts-and-crafts',
    languages: ['en', 'yo'],
    communities: ['black-african'],
    providerKind: 'community_micro_enterprise',
    pricePence: 12000,
    latitude: 51.56,
    longitude: -0.053,
    postcodeDistrict: 'E5',
  }),
  doc(4, {
    name: 'LGBTQ+ peer support group',
    description: 'A weekly group run by and for LGBTQ+ people.',
    categoryCode: 'peer-support',
    communities: ['lgbtq'],
    providerKind: 'peer_led',
    peerLed: true,
    pricePence: 0,
    latitude: 51.529,
    longitude: -0.061,
    postcodeDistrict: 'E2',
  }),
  doc(5, {
    name: 'Café conversation club',
    description: 'English conversation practice over coffee (ESOL).',
    categoryCode: 'education-and-training',
    languages: ['en', 'tr', 'ku'],
    communities: ['turkish-kurdish'],
    pricePence: 1500,
    latitude: 53.48,
    longitude: -2.24,
    postcodeDistrict: 'M1',
  }),
  doc(6, {
    name: 'Laptop for a college course',
    description: 'A refurbished laptop with office software.',
    categoryCode: 'technical-and-computer-equipment',
    deliveryModes: ['online'],
    pricePence: 35000,
  }),
  doc(7, {
    name: 'Smartphone and SIM: Stay Connected',
    description: 'A smartphone with a year of calls and data.',
    categoryCode: 'technical-and-computer-equipment',
    deliveryModes: ['at_home'],
    pricePence: 13500,
  }),
  doc(8, {
    name: 'Allotment taster days',
    description: 'Growing vegetables together.',
    categoryCode: 'social-and-community',
    providerId: PROVIDER_B,
    providerName: 'Homerton Growing',
    pricePence: 800,
    latitude: 51.547,
    longitude: -0.045,
    postcodeDistrict: 'E9',
  }),
];

const id = (n: number) => FIXTURES[n - 1].id;
const base: SearchQuery = { filter: {}, sort: 'relevance', limit: 20, offset: 0 };

export function searchIndexContract(name: string, create: () => Promise<{ index: SearchIndex; close: () => Promise<void> }>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    let close: () => Promise<void>;
    const ids = async (query: Partial<SearchQuery>) => (await index.search({ ...base, ...query })).hits.map((h) => h.id);

    beforeAll(async () => {
      ({ index, close } = await create());
      await index.clear();
      await index.replaceProviders(
        [PROVIDER_A],
        FIXTURES.filter((d) => d.providerId === PROVIDER_A),
      );
      await index.replaceProviders(
        [PROVIDER_B],
        FIXTURES.filter((d) => d.providerId === PROVIDER_B),
      );
    });
    afterAll(() => close());

    it('finds by a misspelt word', async () => {
      expect((await ids({ text: 'counseling' }))[0]).toBe(id(1));
      expect(await ids({ text: 'clothes makng' })).toContain(id(3));
    });

    it('ignores accents both ways', async () => {
      expect(await ids({ text: 'cafe' })).toContain(id(5));
      expect(await ids({ text: 'café' })).toContain(id(5));
    });

    it('returns nothing, with a zero total, for text that matches nothing', async () => {
      const result = await index.search({ ...base, text: 'zqxjvw' });
      expect(result).toMatchObject({ total: 0, hits: [] });
    });

    it.each<[string, SearchQuery['filter'], number[]]>([
      ['language', { languages: ['ur'] }, [1]],
      ['community', { communities: ['black-african'] }, [3]],
      ['peer-led', { peerLed: true }, [4]],
      ['provider kind', { providerKinds: ['mainstream_business'] }, [2]],
      ['category', { categories: ['technical-and-computer-equipment'] }, [6, 7]],
      ['delivery mode', { deliveryModes: ['online'] }, [1, 6]],
      ['accessibility', { accessibility: ['step-free'] }, [2]],
      ['maximum price', { maxPricePence: 1500 }, [4, 5, 8]],
      ['several at once', { languages: ['en'], maxPricePence: 2500, categories: ['fitness-and-exercise', 'peer-support'] }, [2, 4]],
    ])('filters by %s', async (_label, filter, expected) => {
      expect((await ids({ filter })).sort()).toEqual(expected.map(id).sort());
    });

    it('finds within a radius, nearest first, with distances', async () => {
      const result = await index.search({ ...base, filter: { near: { ...E8, radiusKm: 2.5 } }, sort: 'distance' });
      expect(result.hits.map((h) => h.id)).toEqual([id(1), id(8), id(4), id(3), id(2)]);
      expect(result.hits[0].distanceKm).toBe(0);
      const km = result.hits.map((h) => h.distanceKm!);
      expect([...km].sort((a, b) => a - b)).toEqual(km);
      expect(km[1]).toBeGreaterThan(1);
      expect(km[1]).toBeLessThan(1.4);
      expect(await ids({ filter: { near: { ...E8, radiusKm: 0.5 } } })).toEqual([id(1)]);
    });

    it('combines text, filters and distance', async () => {
      expect(await ids({ text: 'suport group', filter: { peerLed: true, near: { ...E8, radiusKm: 5 } } })).toEqual([id(4)]);
    });

    it('orders by price', async () => {
      const result = await ids({ sort: 'price', filter: { maxPricePence: 5000 } });
      expect(result).toEqual([id(4), id(8), id(5), id(2), id(1)]);
    });

    it('counts facets over the matching set', async () => {
      const result = await index.search({ ...base, filter: { maxPricePence: 15000 } });
      expect(result.total).toBe(7);
      expect(result.facets.categories).toContainEqual({ value: 'technical-and-computer-equipment', count: 1 });
      expect(result.facets.languages[0]).toEqual({ value: 'en', count: 7 });
      expect(result.facets.languages).toContainEqual({ value: 'ur', count: 1 });
      expect(result.facets.providerKinds).toContainEqual({ value: 'voluntary', count: 4 });
      expect(result.facets.deliveryModes).toContainEqual({ value: 'at_home', count: 1 });
    });

    it('pages without overlap and with a stable total', async () => {
      const first = await index.search({ ...base, limit: 3, offset: 0, sort: 'price' });
      const second = await index.search({ ...base, limit: 3, offset: 3, sort: 'price' });
      const third = await index.search({ ...base, limit: 3, offset: 6, sort: 'price' });
      expect([first.total, second.total, third.total]).toEqual([8, 8, 8]);
      const all = [...first.hits, ...second.hits, ...third.hits].map((h) => h.id);
      expect(new Set(all).size).toBe(8);
      expect(third.hits).toHaveLength(2);
    });

    it("replaces one provider's documents without touching another's", async () => {
      await index.replaceProviders([PROVIDER_B], []);
      expect(await ids({ text: 'allotment' })).toEqual([]);
      expect((await index.search({ ...base })).total).toBe(7);
      await index.replaceProviders(
        [PROVIDER_B],
        FIXTURES.filter((d) => d.providerId === PROVIDER_B),
      );
      expect(await ids({ text: 'allotment' })).toEqual([id(8)]);
    });
  });
}
