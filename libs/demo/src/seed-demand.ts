import { EntityManager } from 'typeorm';

/**
 * Six months of anonymous search history for the demo area, so a commissioner signing in sees
 * ranked gaps with evidence rather than an empty page. Rows have the shape the search service
 * records (terms, filters, postcode district, result count; never a person), and each theme's
 * result count is what the seeded directory really returns for its filters, so "zero results"
 * is true of the demo directory. The themes echo the research: Chinese-, Arabic- and
 * Gujarati-speaking people finding nothing; personal assistants scarce; gyms and counselling
 * well supplied.
 */
interface Theme {
  terms: string | null;
  filters: { categories?: string[]; languages?: string[]; communities?: string[]; deliveryModes?: string[] };
  district: string;
  count: number;
}

const THEMES: Theme[] = [
  { terms: 'counselling in mandarin', filters: { languages: ['zh'] }, district: 'E8', count: 14 },
  { terms: 'chinese community group', filters: { communities: ['chinese'] }, district: 'E5', count: 9 },
  { terms: null, filters: { languages: ['zh'], categories: ['peer-support'] }, district: 'E8', count: 4 },
  { terms: 'arabic speaking counsellor', filters: { languages: ['ar'] }, district: 'N16', count: 11 },
  { terms: 'gujarati', filters: { languages: ['gu'] }, district: 'E1', count: 5 },
  { terms: 'personal assistant', filters: { categories: ['personal-assistance'] }, district: 'E5', count: 22 },
  { terms: null, filters: { categories: ['fitness-and-exercise'] }, district: 'E8', count: 42 },
  { terms: null, filters: { categories: ['talking-and-complementary-therapies'] }, district: 'E8', count: 31 },
  { terms: null, filters: { categories: ['talking-and-complementary-therapies'], languages: ['bn'] }, district: 'E1', count: 12 },
  { terms: null, filters: { categories: ['arts-and-crafts'], communities: ['black-african'] }, district: 'E8', count: 10 },
  { terms: null, filters: { communities: ['turkish-kurdish'] }, district: 'N16', count: 13 },
  { terms: null, filters: { languages: ['pl'] }, district: 'E5', count: 9 },
  { terms: 'home visits', filters: { deliveryModes: ['at_home'] }, district: 'E8', count: 12 },
];

const DAYS = 182;

export async function seedDemoDemand(manager: EntityManager, areaId: string): Promise<number> {
  let total = 0;
  for (const theme of THEMES) {
    const resultCount = await offeringsMatching(manager, areaId, theme.filters);
    // Spread evenly over the period so the history reads as steady demand, not one burst.
    await manager.query(
      `INSERT INTO search_demand (occurred_at, terms, filters, postcode_district, result_count, zero_results, source)
       SELECT now() - make_interval(days => (g * $5 / $6)::int, hours => g % 10), $1, $2, $3, $4, $4 = 0, 'demo'
         FROM generate_series(1, $6) g`,
      [theme.terms, theme.filters, theme.district, resultCount, DAYS, theme.count],
    );
    total += theme.count;
  }
  return total;
}

function offeringsMatching(manager: EntityManager, areaId: string, filters: Theme['filters']): Promise<number> {
  return manager
    .query(
      `SELECT count(*)::int AS n FROM offering o JOIN service s ON s.id = o.service_id JOIN organisation g ON g.id = o.organisation_id
          JOIN provider_profile p ON p.organisation_id = o.organisation_id
        WHERE g.commissioner_id = $1 AND o.withdrawn_at IS NULL AND o.phb_exclusion IS NULL AND o.available
          AND s.withdrawn_at IS NULL AND s.hidden_at IS NULL AND p.withdrawn_at IS NULL
          AND ($2::text[] IS NULL OR o.category_code = ANY($2))
          AND ($3::text[] IS NULL OR s.languages && $3)
          AND ($4::text[] IS NULL OR s.communities && $4)
          AND ($5::text[] IS NULL OR s.delivery_modes && $5)`,
      [areaId, filters.categories ?? null, filters.languages ?? null, filters.communities ?? null, filters.deliveryModes ?? null],
    )
    .then((rows: Array<{ n: number }>) => rows[0].n);
}
