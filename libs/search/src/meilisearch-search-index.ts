import { OfferingDocument } from './offering-document';
import { FACET_NAMES, FacetName, SearchFilter, SearchIndex, SearchQuery, SearchResult } from './search-index';

const FACET_ATTRIBUTES: Record<FacetName, string> = {
  categories: 'categoryCode',
  communities: 'communities',
  languages: 'languages',
  providerKinds: 'providerKind',
  deliveryModes: 'deliveryModes',
};

type MeiliDocument = OfferingDocument & { _geo?: { lat: number; lng: number } };

// The subset of the `meilisearch` client used here. The package ships ESM-only types that
// TypeScript's CommonJS ("node") resolution cannot see, so they are stated here.
type Task = Promise<unknown> & { waitTask(options?: { timeout?: number }): Promise<unknown> };
interface Index<T> {
  updateSettings(settings: Record<string, unknown>): Task;
  deleteDocuments(query: { filter: string }): Task;
  deleteAllDocuments(): Task;
  addDocuments(documents: T[], options?: { primaryKey?: string }): Task;
  search(
    query: string | null,
    options: Record<string, unknown>,
  ): Promise<{
    hits: Array<T & { _rankingScore?: number }>;
    estimatedTotalHits?: number;
    facetDistribution?: Record<string, Record<string, number>>;
  }>;
}
interface Meilisearch {
  createIndex(uid: string, options: { primaryKey: string }): Task;
  index<T>(uid: string): Index<T>;
  isHealthy(): Promise<boolean>;
}
type MeilisearchConstructor = new (config: { host: string; apiKey?: string; timeout?: number }) => Meilisearch;

export interface MeilisearchSettings {
  url: string;
  apiKey: string | undefined;
  index: string;
}

/** Quotes a value for a Meilisearch filter expression. */
const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Meilisearch adapter: typo tolerance, facets and geo search come from the engine. */
export class MeilisearchSearchIndex extends SearchIndex {
  readonly engine = 'meilisearch';
  private ready?: Promise<Index<MeiliDocument>>;

  constructor(
    private readonly settings: MeilisearchSettings,
    private readonly timeoutMs = 2000,
  ) {
    super();
  }

  private client(): Meilisearch {
    // The client is ESM-only; Node 20.19+ loads it through require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Meilisearch: Client } = require('meilisearch') as { Meilisearch: MeilisearchConstructor };
    return new Client({ host: this.settings.url, apiKey: this.settings.apiKey, timeout: this.timeoutMs });
  }

  /** Creates the index and its settings once per process. */
  private index(): Promise<Index<MeiliDocument>> {
    this.ready ??= (async () => {
      const client = this.client();
      await client.createIndex(this.settings.index, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
      const index = client.index<MeiliDocument>(this.settings.index);
      await index
        .updateSettings({
          searchableAttributes: ['name', 'serviceName', 'providerName', 'description'],
          filterableAttributes: [
            'providerId',
            'categoryCode',
            'communities',
            'languages',
            'providerKind',
            'peerLed',
            'deliveryModes',
            'accessibility',
            'pricePence',
            '_geo',
          ],
          sortableAttributes: ['pricePence', 'name', '_geo'],
          pagination: { maxTotalHits: 1_000_000 },
          faceting: { maxValuesPerFacet: 100 },
        })
        .waitTask({ timeout: 60_000 });
      return index;
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async replaceProviders(providerIds: string[], documents: OfferingDocument[]): Promise<void> {
    const index = await this.index();
    await index.deleteDocuments({ filter: `providerId IN [${providerIds.map(quote).join(', ')}]` }).waitTask({ timeout: 60_000 });
    if (documents.length) {
      const docs: MeiliDocument[] = documents.map((d) =>
        d.latitude !== null && d.longitude !== null ? { ...d, _geo: { lat: d.latitude, lng: d.longitude } } : d,
      );
      await index.addDocuments(docs, { primaryKey: 'id' }).waitTask({ timeout: 120_000 });
    }
  }

  async clear(): Promise<void> {
    await (await this.index()).deleteAllDocuments().waitTask({ timeout: 60_000 });
  }

  async isHealthy(): Promise<boolean> {
    return this.client().isHealthy();
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const index = await this.index();
    const f = query.filter;
    const sort =
      query.sort === 'price'
        ? ['pricePence:asc']
        : (query.sort === 'distance' || (!query.text?.trim() && f.near)) && f.near
          ? [`_geoPoint(${f.near.latitude}, ${f.near.longitude}):asc`]
          : !query.text?.trim()
            ? ['name:asc']
            : undefined;
    const response = await index.search(query.text?.trim() || null, {
      filter: meiliFilter(f),
      sort,
      facets: FACET_NAMES.map((n) => FACET_ATTRIBUTES[n]),
      offset: query.offset,
      limit: query.limit,
      showRankingScore: true,
      // Every word must match (typos allowed), as in the PostgreSQL adapter.
      matchingStrategy: 'all',
      attributesToRetrieve: ['id', '_geo', 'latitude', 'longitude'],
    });
    const facets = Object.fromEntries(
      FACET_NAMES.map((name) => [
        name,
        Object.entries(response.facetDistribution?.[FACET_ATTRIBUTES[name]] ?? {})
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
      ]),
    ) as SearchResult['facets'];
    return {
      total: response.estimatedTotalHits ?? response.hits.length,
      facets,
      hits: response.hits.map((h) => ({
        id: h.id,
        score: query.text?.trim() ? (h._rankingScore ?? null) : null,
        distanceKm:
          f.near && h.latitude !== null && h.longitude !== null
            ? Math.round(haversineMetres(f.near.latitude, f.near.longitude, h.latitude, h.longitude) / 10) / 100
            : null,
      })),
    };
  }
}

function meiliFilter(f: SearchFilter): string[] {
  const out: string[] = [];
  const anyOf = (attribute: string, values?: string[]) => {
    if (values?.length) out.push(`${attribute} IN [${values.map(quote).join(', ')}]`);
  };
  anyOf('categoryCode', f.categories);
  anyOf('providerKind', f.providerKinds);
  anyOf('communities', f.communities);
  anyOf('languages', f.languages);
  anyOf('deliveryModes', f.deliveryModes);
  for (const a of f.accessibility ?? []) out.push(`accessibility = ${quote(a)}`);
  if (f.peerLed !== undefined) out.push(`peerLed = ${f.peerLed}`);
  if (f.maxPricePence !== undefined) out.push(`pricePence <= ${f.maxPricePence}`);
  if (f.near) out.push(`_geoRadius(${f.near.latitude}, ${f.near.longitude}, ${Math.round(f.near.radiusKm * 1000)})`);
  return out;
}

/** Great-circle distance; PostgreSQL's earth_distance uses the same sphere radius. */
export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6378168; // earthdistance's earth() radius, so both engines report the same distances
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}
