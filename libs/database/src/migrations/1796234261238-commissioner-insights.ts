import { MigrationInterface, QueryRunner } from 'typeorm';

// Spending net of refunds, keyed by the category of what was bought (the offering's, or a free-text item's own)
// and by whether it came from the directory; money not tied to a plan item is "uncategorised".
const SPEND_KEY = `coalesce(o.category_code, i.category_code, 'uncategorised') AS key, (i.offering_id IS NOT NULL) AS in_directory`;
const SPEND_FROM = `FROM budget_movement m JOIN budget b ON b.id = m.budget_id
        LEFT JOIN plan_item i ON i.id = m.reference_id LEFT JOIN offering o ON o.id = i.offering_id
       WHERE m.kind IN ('spend', 'refund')`;
const NET = `sum(CASE WHEN m.kind = 'refund' THEN -m.amount_pence ELSE m.amount_pence END)`;
const SPEND_BY_CATEGORY = `CREATE MATERIALIZED VIEW insight_spend_by_category AS
      SELECT b.commissioner_id, ${SPEND_KEY}, ${NET} AS pence, count(DISTINCT m.budget_id) AS budgets ${SPEND_FROM} GROUP BY 1, 2, 3`;
const HOLDER_SPEND = `CREATE MATERIALIZED VIEW insight_holder_spend AS
      SELECT b.holder_id, b.commissioner_id, ${SPEND_KEY}, ${NET} AS pence ${SPEND_FROM} GROUP BY 1, 2, 3, 4`;

/**
 * Issue 18: ethnicity (ONS 2021) apart from communities, fast-track as a flag, a category on free-text items,
 * declines by reason, versioned sign-off policies, and read models that split spending by category and by
 * whether it was bought from the directory, per holder too, with the time each was refreshed.
 */
export class CommissionerInsights1796234261238 implements MigrationInterface {
  name = 'CommissionerInsights1796234261238';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "insight_refresh" (
        "view" text NOT NULL,
        "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_1f40c0e317313215930025c4d38" PRIMARY KEY ("view")
      )`);
    await queryRunner.query(`CREATE TABLE "sign_off_policy_version" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "commissioner_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "rules" jsonb NOT NULL,
        "changed_by" uuid,
        "note" text,
        "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "uq_sign_off_policy_version" UNIQUE ("commissioner_id", "version"),
        CONSTRAINT "PK_bd17b64c7d37908de76ffe50967" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`ALTER TABLE "offering" ADD "fast_track" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "holder" ADD "ethnicity" text`);
    await queryRunner.query(`ALTER TABLE "sign_off_policy" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "plan_item" ADD "category_code" text`);
    await queryRunner.query(`ALTER TABLE "sign_off_decision" ADD "reason_code" text`);
    // Fast-track was a word in the offering's name.
    await queryRunner.query(`UPDATE "offering" SET "fast_track" = true WHERE name ILIKE '%fast-track%'`);
    // Each area's policy as it stands is its first version.
    await queryRunner.query(`INSERT INTO "sign_off_policy_version" (commissioner_id, version, rules, changed_by, note, changed_at)
      SELECT commissioner_id, 1, rules, NULL, 'The policy before versions were kept', now() FROM "sign_off_policy"`);
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_spend_by_category`);
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_holder_spend`);
    await queryRunner.query(SPEND_BY_CATEGORY);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ix_insight_spend_by_category ON insight_spend_by_category (commissioner_id, key, in_directory)`,
    );
    await queryRunner.query(HOLDER_SPEND);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_holder_spend ON insight_holder_spend (holder_id, key, in_directory)`);
    await queryRunner.query(`CREATE INDEX ix_insight_holder_spend_area ON insight_holder_spend (commissioner_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_holder_spend`);
    await queryRunner.query(`DROP MATERIALIZED VIEW insight_spend_by_category`);
    await queryRunner.query(`CREATE MATERIALIZED VIEW insight_spend_by_category AS
      SELECT b.commissioner_id, coalesce(o.category_code, 'not-in-directory') AS key,
             sum(CASE WHEN m.kind = 'refund' THEN -m.amount_pence ELSE m.amount_pence END) AS pence, count(DISTINCT m.budget_id) AS budgets
        FROM budget_movement m JOIN budget b ON b.id = m.budget_id
        LEFT JOIN plan_item i ON i.id = m.reference_id LEFT JOIN offering o ON o.id = i.offering_id
       WHERE m.kind IN ('spend', 'refund') GROUP BY 1, 2`);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_spend_by_category ON insight_spend_by_category (commissioner_id, key)`);
    await queryRunner.query(`CREATE MATERIALIZED VIEW insight_holder_spend AS
      SELECT b.holder_id, b.commissioner_id, sum(CASE WHEN m.kind = 'refund' THEN -m.amount_pence ELSE m.amount_pence END) AS pence
        FROM budget_movement m JOIN budget b ON b.id = m.budget_id WHERE m.kind IN ('spend', 'refund') GROUP BY 1, 2`);
    await queryRunner.query(`CREATE UNIQUE INDEX ix_insight_holder_spend ON insight_holder_spend (holder_id)`);
    await queryRunner.query(`ALTER TABLE "sign_off_decision" DROP COLUMN "reason_code"`);
    await queryRunner.query(`ALTER TABLE "plan_item" DROP COLUMN "category_code"`);
    await queryRunner.query(`ALTER TABLE "sign_off_policy" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "holder" DROP COLUMN "ethnicity"`);
    await queryRunner.query(`ALTER TABLE "offering" DROP COLUMN "fast_track"`);
    await queryRunner.query(`DROP TABLE "sign_off_policy_version"`);
    await queryRunner.query(`DROP TABLE "insight_refresh"`);
  }
}
