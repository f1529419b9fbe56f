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

// Every document field, as a typed VALUES list (PostgreSQL would read untyped values as text).
const VALUE_COLUMNS: Array<[string, string]> = [
  ['id', 'uuid'],
  ['provider_id', 'uuid'],
  ['provider_name', 'text'],
  ['provider_kind', 'text'],
  ['peer_led', 'boolean'],
  ['service_name', 'text'],
  ['name', 'text'],
  ['description', 'text'],
  ['category_code', 'text'],
  ['communities', 'text[]'],
  ['languages', 'text[]'],
  ['delivery_modes', 'text[]'],
  ['accessibility', 'text[]'],
  ['price_pence', 'bigint'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
];

/**
 * The default search engine: PostgreSQL full text (tsvector) with typos corrected against
 * the vocabulary of indexed words (pg_trgm), accent folding (unaccent) and earth distance.
 * Two round trips: expand the words, then one query for the page, total and facet counts.
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
            d.id,
            d.providerId,
            d.providerName,
            d.providerKind,
            d.peerLed,
            d.serviceName,
            d.name,
            d.description,
            d.categoryCode,
            d.communities,
            d.languages,
            d.deliveryModes,
            d.accessibility,
            d.pricePence,
            d.latitude,
            d.longitude,
          ];
          const start = params.length;
          params.push(...values);
          return `(${values.map((_, j) => `$${start + j + 1}::${VALUE_COLUMNS[j][1]}`).join(', ')})`;
        });
        await manager.query(
          `INSERT INTO offering_search (id, provider_id, provider_kind, peer_led, name_text, category_code, communities, languages,
                                        delivery_modes, accessibility, price_pence, latitude, longitude, search_vector)
           SELECT v.id, v.provider_id, v.provider_kind, v.peer_led, lower(kinwell_unaccent(v.name)), v.category_code, v.communities, v.languages,
                  v.delivery_modes, v.accessibility, v.price_pence, v.latitude, v.longitude,
                  setweight(to_tsvector('simple', kinwell_unaccent(v.name)), 'A') ||
                  setweight(to_tsvector('simple', kinwell_unaccent(v.service_name || ' ' || v.provider_name)), 'B') ||
                  setweight(to_tsvector('simple', kinwell_unaccent(v.description)), 'C')
             FROM (VALUES ${rows.join(', ')}) AS v(${VALUE_COLUMNS.map(([c]) => c).join(', ')})`,
          params,
        );
      }
      // New words join the vocabulary; words that fall out of use stay until the next rebuild (harmless).
      await manager.query(
        `INSERT INTO search_vocabulary (word)
         SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM offering_search WHERE provider_id = ANY($1::uuid[])
         ON CONFLICT DO NOTHING`,
        [providerIds],
      );
    });
  }

  async clear(): Promise<void> {
    await this.dataSource.query('TRUNCATE offering_search, search_vocabulary');
  }

  async isHealthy(): Promise<boolean> {
    return this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const words = searchWords(query.text);
    const tsquery = words.length ? typoTolerantTsquery(words, await this.dataSource.query(EXPAND_WORDS_SQL, [words])) : null;
    const { sql, params } = buildSearchSql(query, tsquery);
    const [row]: Array<{
      total: string;
      hits: Array<{ id: string; score: number | null; distance_m: number | null }> | null;
      facets: Array<[FacetName, string, number]> | null;
    }> = await this.dataSource.query(sql, params);
    const facets = Object.fromEntries(FACET_NAMES.map((f) => [f, [] as Array<{ value: string; count: number }>])) as SearchResult['facets'];
    for (const [name, value, count] of row.facets ?? []) facets[name].push({ value, count });
    for (const name of FACET_NAMES) facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      total: Number(row.total),
      hits: (row.hits ?? []).map((h) => ({
        id: h.id,
        score: h.score,
        distanceKm: h.distance_m === null ? null : Math.round(h.distance_m / 10) / 100,
      })),
      facets,
    };
  }
}

/** Each query word (accent-free) with the indexed words that look like it, closest first. */
export const EXPAND_WORDS_SQL = `
  SELECT i.word, coalesce(array_agg(v.word ORDER BY similarity(v.word, i.word) DESC) FILTER (WHERE v.word IS NOT NULL), '{}') AS alternatives
    FROM (SELECT DISTINCT lower(kinwell_unaccent(w)) AS word FROM unnest($1::text[]) w) i
    LEFT JOIN LATERAL (
      SELECT word FROM search_vocabulary WHERE length(i.word) >= 3 AND word % i.word
       ORDER BY similarity(word, i.word) DESC LIMIT 6) v ON true
   GROUP BY i.word`;

/**
 * A tsquery in which every word must match, each by its prefix or by a near spelling from
 * the vocabulary: "councelling urdu" -> ('councelling':* | 'counselling') & ('urdu':*).
 */
export function typoTolerantTsquery(words: string[], expansions: Array<{ word: string; alternatives: string[] }>): string {
  // Quotes and backslashes are the only characters special inside a quoted tsquery lexeme.
  const lexeme = (w: string) => w.replace(/['\\]/g, '');
  return expansions
    .filter((e) => words.length > 0 && lexeme(e.word).length > 0)
    .map(
      (e) =>
        `(${[`'${lexeme(e.word)}':*`, ...e.alternatives.filter((a) => a !== e.word && lexeme(a)).map((a) => `'${lexeme(a)}'`)].join(' | ')})`,
    )
    .join(' & ');
}

/** A box safely enclosing the circle of `radiusKm` around a point (not across the poles or 180°). */
export function boundingBox(latitude: number, longitude: number, radiusKm: number) {
  const dLat = (radiusKm / 111.2) * 1.01;
  const dLon = dLat / Math.max(0.01, Math.cos((latitude * Math.PI) / 180));
  return { south: latitude - dLat, north: latitude + dLat, west: longitude - dLon, east: longitude + dLon };
}

/** Query text as words: letters and digits only (safe inside tsquery quotes), at most eight. */
export function searchWords(text: string | undefined): string[] {
  return (text ?? '')
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]+/gu, ''))
    .filter(Boolean)
    .slice(0, 8);
}

/** Exported for the benchmark, which runs the same SQL as a baseline. */
export function buildSearchSql(query: SearchQuery, tsquery: string | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const f = query.filter;
  let score = 'NULL::float8';
  if (tsquery) {
    const tsq = `to_tsquery('simple', ${p(tsquery)})`;
    where.push(`search_vector @@ ${tsq}`);
    // Matches in the offering's own name count most, then anywhere in its text.
    score = `(ts_rank_cd(search_vector, ${tsq}) + similarity(lower(kinwell_unaccent(${p(searchWords(query.text).join(' '))})), name_text))::float8`;
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
    // A latitude/longitude box the planner can estimate from column statistics, so it can
    // choose between the text and place indexes; the exact distance then trims its corners.
    const box = boundingBox(f.near.latitude, f.near.longitude, f.near.radiusKm);
    where.push(`latitude BETWEEN ${p(box.south)} AND ${p(box.north)} AND longitude BETWEEN ${p(box.west)} AND ${p(box.east)}`);
    where.push(`earth_distance(${centre}, ll_to_earth(latitude, longitude)) <= ${radius}`);
    distance = `earth_distance(${centre}, ll_to_earth(latitude, longitude))`;
  }
  const order =
    query.sort === 'price'
      ? 'price_pence ASC, score DESC NULLS LAST, id'
      : query.sort === 'distance'
        ? 'distance_m ASC NULLS LAST, id'
        : tsquery
          ? 'score DESC, id'
          : f.near
            ? 'distance_m ASC, id'
            : 'name_text ASC, id';
  const facetSql = FACET_NAMES.map((name) => {
    const { column, array } = FACET_COLUMNS[name];
    return array
      ? `SELECT '${name}' AS f, v, count(*)::int AS n FROM m, unnest(m.${column}) v GROUP BY v`
      : `SELECT '${name}' AS f, m.${column} AS v, count(*)::int AS n FROM m GROUP BY m.${column}`;
  }).join(' UNION ALL ');
  const sql = `
    WITH m AS MATERIALIZED (
      SELECT id, name_text, price_pence, category_code, provider_kind, communities, languages, delivery_modes,
             ${score} AS score, ${distance} AS distance_m
        FROM offering_search ${where.length ? `WHERE ${where.join(' AND ')}` : ''}),
    page AS (SELECT id, name_text, price_pence, score, distance_m FROM m ORDER BY ${order} LIMIT ${p(query.limit)} OFFSET ${p(query.offset)})
    SELECT (SELECT count(*) FROM m) AS total,
           (SELECT json_agg(json_build_object('id', id, 'score', score, 'distance_m', distance_m) ORDER BY ${order}) FROM page) AS hits,
           (SELECT json_agg(json_build_array(f, v, n)) FROM (${facetSql}) x) AS facets`;
  return { sql, params };
}
