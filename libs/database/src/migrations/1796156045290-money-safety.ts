import { MigrationInterface, QueryRunner } from 'typeorm';

export class MoneySafety1796156045290 implements MigrationInterface {
  name = 'MoneySafety1796156045290';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Added with defaults for existing rows, backfilled from the ledger, then the defaults go (the entities have none).
    for (const column of ['committed_pence', 'held_pence', 'captured_pence'])
      await queryRunner.query(`ALTER TABLE "purchase_intent" ADD "${column}" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "card_authorization" ADD "request_seq" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "card_authorization" DROP CONSTRAINT "PK_074342517d35bee0f60f9e536cc"`);
    await queryRunner.query(
      `ALTER TABLE "card_authorization" ADD CONSTRAINT "PK_c1bcf09b20a61dd129c74fa638b" PRIMARY KEY ("issuer_authorization_id", "request_seq")`,
    );
    await queryRunner.query(
      `CREATE TABLE "card_hold" ("issuer_authorization_id" text NOT NULL, "intent_id" uuid NOT NULL, "held_pence" bigint NOT NULL, CONSTRAINT "PK_card_hold" PRIMARY KEY ("issuer_authorization_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_05505c1c8e0258d9e10acbd6ef" ON "card_hold" ("intent_id") `);
    await queryRunner.query(`ALTER TABLE "card_transaction" ADD "posted_pence" bigint NOT NULL DEFAULT '0'`);
    // Allowed inside a transaction since PostgreSQL 12, as long as this transaction does not use the new value.
    await queryRunner.query(`ALTER TYPE "public"."purchase_intent_status" ADD VALUE IF NOT EXISTS 'settling' BEFORE 'completed'`);
    await queryRunner.query(`ALTER TABLE "card_transaction" ALTER COLUMN "intent_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "spend_goal_match" ADD CONSTRAINT "uq_spend_goal_match" UNIQUE ("plan_id", "spend_ref", "item_id", "goal_id")`,
    );
    // Everything recorded before this migration was posted in full (the table is append-only, so the guard steps aside for this once).
    await queryRunner.query(`ALTER TABLE "card_transaction" DISABLE TRIGGER card_transaction_append_only`);
    await queryRunner.query(`UPDATE "card_transaction" SET "posted_pence" = "amount_pence"`);
    await queryRunner.query(`ALTER TABLE "card_transaction" ENABLE TRIGGER card_transaction_append_only`);
    await queryRunner.query(
      `UPDATE "purchase_intent" i SET
         "committed_pence" = CASE WHEN i.status = 'open' THEN coalesce((SELECT sum(e.amount_pence) FROM budget_ledger_entry e JOIN budget_movement m ON m.id = e.movement_id
                                                                        WHERE e.budget_id = i.budget_id AND m.reference_id = i.plan_item_id AND e.account = 'committed'), 0) ELSE 0 END,
         "captured_pence" = coalesce((SELECT sum(t.amount_pence) FROM card_transaction t WHERE t.intent_id = i.id AND t.kind = 'capture'), 0),
         "held_pence" = CASE WHEN i.status = 'open' THEN i.authorised_pence ELSE 0 END`,
    );
    await queryRunner.query(
      `INSERT INTO "card_hold" (issuer_authorization_id, intent_id, held_pence)
       SELECT a.issuer_authorization_id, a.intent_id, sum(a.amount_pence) FROM card_authorization a JOIN purchase_intent i ON i.id = a.intent_id
        WHERE a.approved AND i.status = 'open' GROUP BY a.issuer_authorization_id, a.intent_id`,
    );
    for (const column of ['committed_pence', 'held_pence', 'captured_pence'])
      await queryRunner.query(`ALTER TABLE "purchase_intent" ALTER COLUMN "${column}" DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "spend_goal_match" DROP CONSTRAINT "uq_spend_goal_match"`);
    await queryRunner.query(`ALTER TABLE "card_transaction" DISABLE TRIGGER card_transaction_append_only`);
    await queryRunner.query(`DELETE FROM "card_transaction" WHERE "intent_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "card_transaction" ENABLE TRIGGER card_transaction_append_only`);
    await queryRunner.query(`ALTER TABLE "card_transaction" ALTER COLUMN "intent_id" SET NOT NULL`);
    await queryRunner.query(`UPDATE "purchase_intent" SET "status" = 'open' WHERE "status" = 'settling'`);
    await queryRunner.query(`CREATE TYPE "public"."purchase_intent_status_old" AS ENUM('open', 'completed', 'cancelled')`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0f0e11a2ec3b1321271154a107"`);
    await queryRunner.query(
      `ALTER TABLE "purchase_intent" ALTER COLUMN "status" TYPE "public"."purchase_intent_status_old" USING "status"::"text"::"public"."purchase_intent_status_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."purchase_intent_status"`);
    await queryRunner.query(`ALTER TYPE "public"."purchase_intent_status_old" RENAME TO "purchase_intent_status"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0f0e11a2ec3b1321271154a107" ON "purchase_intent" ("plan_item_id") WHERE status <> 'cancelled'`,
    );
    await queryRunner.query(`ALTER TABLE "card_transaction" DROP COLUMN "posted_pence"`);
    await queryRunner.query(`DROP TABLE "card_hold"`);
    await queryRunner.query(`ALTER TABLE "card_authorization" DROP CONSTRAINT "PK_c1bcf09b20a61dd129c74fa638b"`);
    await queryRunner.query(
      `ALTER TABLE "card_authorization" ADD CONSTRAINT "PK_074342517d35bee0f60f9e536cc" PRIMARY KEY ("issuer_authorization_id")`,
    );
    await queryRunner.query(`ALTER TABLE "card_authorization" DROP COLUMN "request_seq"`);
    await queryRunner.query(`ALTER TABLE "purchase_intent" DROP COLUMN "captured_pence"`);
    await queryRunner.query(`ALTER TABLE "purchase_intent" DROP COLUMN "held_pence"`);
    await queryRunner.query(`ALTER TABLE "purchase_intent" DROP COLUMN "committed_pence"`);
  }
}
