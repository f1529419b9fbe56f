import { MigrationInterface, QueryRunner } from 'typeorm';

// Only a list is read from a stored filter (a JSON null or a stray string counts as nothing).
const list = (field: string) =>
  `jsonb_array_elements_text(CASE WHEN jsonb_typeof(d.filters -> '${field}') = 'array' THEN d.filters -> '${field}' ELSE '[]'::jsonb END)`;

/**
 * Anonymous search demand as read models, refreshed with the others: market gaps read a few hundred rows
 * instead of every search ever logged (200,000 in the benchmark took most of a page's time).
 */
export class SearchDemandReadModel1796240000000 implements MigrationInterface {
  name = 'SearchDemandReadModel1796240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE MATERIALIZED VIEW insight_search_demand AS
      SELECT d.postcode_district, f.dimension, f.key, count(*) AS n, count(*) FILTER (WHERE d.zero_results) AS zero
        FROM search_demand d, LATERAL (
          SELECT 'category' AS dimension, x AS key FROM ${list('categories')} x
          UNION ALL SELECT 'language', x FROM ${list('languages')} x
          UNION ALL SELECT 'community', x FROM ${list('communities')} x
          UNION ALL SELECT 'delivery', x FROM ${list('deliveryModes')} x
          UNION ALL SELECT 'district', d.postcode_district) f
       WHERE d.postcode_district IS NOT NULL GROUP BY 1, 2, 3`);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_search_demand ON insight_search_demand (postcode_district, dimension, key)`);
    await queryRunner.query(`CREATE MATERIALIZED VIEW insight_unmet_terms AS
      SELECT postcode_district, terms, count(*) AS n FROM search_demand
       WHERE zero_results AND terms IS NOT NULL AND postcode_district IS NOT NULL GROUP BY 1, 2`);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_unmet_terms ON insight_unmet_terms (postcode_district, terms)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_unmet_terms`);
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_search_demand`);
  }
}
