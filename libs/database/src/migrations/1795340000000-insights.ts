import { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models for commissioner insights: materialised views the worker refreshes. */
export class Insights1795340000000 implements MigrationInterface {
  name = 'Insights1795340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE MATERIALIZED VIEW insight_spend_by_category AS
      SELECT b.commissioner_id, coalesce(o.category_code, 'not-in-directory') AS key,
             sum(CASE WHEN m.kind = 'refund' THEN -m.amount_pence ELSE m.amount_pence END) AS pence, count(DISTINCT m.budget_id) AS budgets
        FROM budget_movement m JOIN budget b ON b.id = m.budget_id
        LEFT JOIN plan_item i ON i.id = m.reference_id LEFT JOIN offering o ON o.id = i.offering_id
       WHERE m.kind IN ('spend', 'refund') GROUP BY 1, 2`);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_spend_by_category ON insight_spend_by_category (commissioner_id, key)`);
    await queryRunner.query(`CREATE MATERIALIZED VIEW insight_budget_size AS
      SELECT b.commissioner_id, m.budget_id, sum(m.amount_pence) AS pence
        FROM budget_movement m JOIN budget b ON b.id = m.budget_id WHERE m.kind IN ('allocation', 'top_up') GROUP BY 1, 2`);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_budget_size ON insight_budget_size (budget_id)`);
    await queryRunner.query(`CREATE INDEX ix_insight_budget_size_area ON insight_budget_size (commissioner_id)`);
    await queryRunner.query(`CREATE MATERIALIZED VIEW insight_holder_spend AS
      SELECT b.holder_id, b.commissioner_id, sum(CASE WHEN m.kind = 'refund' THEN -m.amount_pence ELSE m.amount_pence END) AS pence
        FROM budget_movement m JOIN budget b ON b.id = m.budget_id WHERE m.kind IN ('spend', 'refund') GROUP BY 1, 2`);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_holder_spend ON insight_holder_spend (holder_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_holder_spend`);
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_budget_size`);
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_spend_by_category`);
  }
}
