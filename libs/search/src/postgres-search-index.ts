import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OfferingDocument } from './offering-document';
import { FACET_NAMES, FacetName, SearchIndex, SearchQuery, SearchResult } from './search-index';

const FACET_COLUMNS: Record<FacetName, { column: string; array: boolean }> = {
  categories: { column: 'category_code', array: false },
  communities: { column: 'communities', array: true },
  languages: { column: 'languages', array: true },
  providerKinds: { column: 'provider_kind', array: false },
  deliveryModes: { column: 'delivery_modes', array: true },
};

const INSERT_COLUMNS = [
  'id', 'provider_id', 'provider_name', 'provider_kind', 'peer_led', 'service_id', 'service_name', 'name', 'description', 'category_code',
  'communities', 'languages', 'interpreter_available', 'delivery_modes', 'accessibility', 'price_pence', 'price_unit', 'latitude', 'longitude',
  'postcode_district', 'updated_at',
];

// Parameter types for the VALUES list, which PostgreSQL would otherwise read as text.
const INSERT_TYPES = [
  'uuid', 'uuid', 'text', 'text', 'boolean', 'uuid', 'text', 'text', 'text', 'text', 'text[]', 'text[]', 'boolean', 'text[]', 'text[]', 'bigint', 'text',
  'float8', 'float8', 'text', 'timestamptz',
];

/**
 * The default search engine: PostgreSQL full text (tsvector), trigram similarity for
 * typos (pg_trgm), accent folding (unaccent) and earth distance, in one round trip
 * that returns the page, the total and the facet counts.
 */
@Injectable()
export class PostgresSearchIndex extends SearchIndex {
  readonly engine = 'postgres';

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async replaceProviders(providerIds: string[], documents: OfferingDocument[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM offering_search WHERE provider_id = ANY($1::uuid[])', [providerIds]);
      // Insert in slices: one statement per 500 documents keeps parameters under PostgreSQL's limit.
      for (let i = 0; i < documents.length; i += 500) {
        const slice = documents.slice(i, i + 500);
        const params: unknown[] = [];
        const rows = slice.map((d) => {
          const values = [
            d.id, d.providerId, d.providerName, d.providerKind, d.peerLed, d.serviceId, d.serviceName, d.name, d.description, d.categoryCode,
            d.communities, d.languages, d.interpreterAvailable, d.deliveryModes, d.accessibility, d.pricePence, d.priceUnit, d.latitude, d.longitude,
            d.postcodeDistrict, d.updatedAt,
          ];
          const start = params.length;
          params.push(...values);
          return `(${values.map((_, j) => `$${start + j + 1}::${INSERT_TYPES[j]}`).join(', ')})`;
        });
        await manager.query(
          `INSERT INTO offering_search (${INSERT_COLUMNS.join(', ')}, search_text, search_vector)
           SELECT v.*, lower(unaccent(concat_ws(' ', v.name, v.service_name, v.provider_name, v.description))),
                  setweight(to_tsvector('simple', unaccent(v.name)), 'A') ||
                  setweight(to_tsvector('simple', unaccent(v.service_name || ' ' || v.provider_name)), 'B') ||
                  setweight(to_tsvector('simple', unaccent(v.description)), 'C')
             FROM (VALUES ${rows.join(', ')}) AS v(${INSERT_COLUMNS.join(', ')})`,
          params,
        );
      }
    });
  }

  async clear(): Promise<void> {
    await this.dataSource.query('TRUNCATE offering_search');
  }

  async isHealthy(): Promise<boolean> {
    return this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { sql, params } = buildSearchSql(query);
    const [row]: Array<{ total: string; hits: Array<{ id: string; score: number | null; distance_m: number | null }> | null; facets: Array<[FacetName, string, number]> | null }> =
      await this.dataSource.query(sql, params);
    const facets = Object.fromEntries(FACET_NAMES.map((f) => [f, [] as Array<{ value: string; count: number }>])) as SearchResult['facets'];
    for (const [name, value, count] of row.facets ?? []) facets[name].push({ value, count });
    for (const name of FACET_NAMES) facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      total: Number(row.total),
      hits: (row.hits ?? []).map((h) => ({ id: h.id, score: h.score, distanceKm: h.distance_m === null ? null : Math.round(h.distance_m / 10) / 100 })),
      facets,
    };
  }
}

/** Exported for the benchmark, which runs the same SQL as a baseline. */
export function buildSearchSql(query: SearchQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const f = query.filter;
  let score = 'NULL::float8';
  const text = query.text?.trim();
  if (text) {
    const q = p(text);
    where.push(`(search_vector @@ websearch_to_tsquery('simple', unaccent(${q})) OR lower(unaccent(${q})) <% search_text)`);
    // Matches in the offering's own name count most, then anywhere in its text.
    score = `(ts_rank_cd(search_vector, websearch_to_tsquery('simple', unaccent(${q})))
              + word_similarity(lower(unaccent(${q})), search_text)
              + word_similarity(lower(unaccent(${q})), lower(unaccent(name))))::float8`;
  }
  if (f.categories?.length) where.push(`category_code = ANY(${p(f.categories)}::text[])`);
  if (f.providerKinds?.length) where.push(`provider_kind = ANY(${p(f.providerKinds)}::text[])`);
  if (f.communities?.length) where.push(`communities && ${p(f.communities)}::text[]`);
  if (f.languages?.length) where.push(`languages && ${p(f.languages)}::text[]`);
  if (f.deliveryModes?.length) where.push(`delivery_modes && ${p(f.deliveryModes)}::text[]`);
  if (f.accessibility?.length) where.push(`accessibility @> ${p(f.accessibility)}::text[]`);
  if (f.peerLed !== undefined) where.push(`peer_led = ${p(f.peerLed)}`);
  if (f.maxPricePence !== undefined) where.push(`price_pence <= ${p(f.maxPricePence)}`);
  let distance = 'NULL::float8';
  if (f.near) {
    const centre = `ll_to_earth(${p(f.near.latitude)}, ${p(f.near.longitude)})`;
    const radius = p(f.near.radiusKm * 1000);
    // The box test uses the GiST index; the exact distance trims its corners.
    where.push(`earth_box(${centre}, ${radius}) @> ll_to_earth(latitude, longitude) AND earth_distance(${centre}, ll_to_earth(latitude, longitude)) <= ${radius}`);
    distance = `earth_distance(${centre}, ll_to_earth(latitude, longitude))`;
  }
  const order =
    query.sort === 'price'
      ? 'price_pence ASC, score DESC NULLS LAST, id'
      : query.sort === 'distance'
        ? 'distance_m ASC NULLS LAST, id'
        : text
          ? 'score DESC, id'
          : f.near
            ? 'distance_m ASC, id'
            : 'name ASC, id';
  const facetSql = FACET_NAMES.map((name) => {
    const { column, array } = FACET_COLUMNS[name];
    return array
      ? `SELECT '${name}' AS f, v, count(*)::int AS n FROM m, unnest(m.${column}) v GROUP BY v`
      : `SELECT '${name}' AS f, m.${column} AS v, count(*)::int AS n FROM m GROUP BY m.${column}`;
  }).join(' UNION ALL ');
  const sql = `
    WITH m AS MATERIALIZED (
      SELECT id, name, price_pence, category_code, provider_kind, communities, languages, delivery_modes,
             ${score} AS score, ${distance} AS distance_m
        FROM offering_search ${where.length ? `WHERE ${where.join(' AND ')}` : ''}),
    page AS (SELECT id, name, price_pence, score, distance_m FROM m ORDER BY ${order} LIMIT ${p(query.limit)} OFFSET ${p(query.offset)})
    SELECT (SELECT count(*) FROM m) AS total,
           (SELECT json_agg(json_build_object('id', id, 'score', score, 'distance_m', distance_m) ORDER BY ${order}) FROM page) AS hits,
           (SELECT json_agg(json_build_array(f, v, n)) FROM (${facetSql}) x) AS facets`;
  return { sql, params };
}
