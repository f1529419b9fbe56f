import { MigrationInterface, QueryRunner } from 'typeorm';

export class Budgets1795337958002 implements MigrationInterface {
  name = 'Budgets1795337958002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."budget_kind" AS ENUM('third_party', 'notional', 'direct_payment')`);
    await queryRunner.query(
      `CREATE TABLE "budget" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "holder_id" uuid NOT NULL, "commissioner_id" uuid NOT NULL, "held_by_organisation_id" uuid, "kind" "public"."budget_kind" NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "allocation_note" text NOT NULL, "allocation_lines" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9af87bcfd2de21bd9630dddaa0e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9019aaf0eab579f44de45d7d10" ON "budget" ("commissioner_id") `);
    await queryRunner.query(`CREATE INDEX "ix_budget_holder" ON "budget" ("holder_id", "period_start") `);
    await queryRunner.query(
      `CREATE TYPE "public"."budget_movement_kind" AS ENUM('allocation', 'top_up', 'commitment', 'release', 'spend', 'refund', 'reclaim')`,
    );
    await queryRunner.query(
      `CREATE TABLE "budget_movement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "budget_id" uuid NOT NULL, "kind" "public"."budget_movement_kind" NOT NULL, "amount_pence" bigint NOT NULL, "idempotency_key" text NOT NULL, "reference_type" text, "reference_id" uuid, "actor_user_id" uuid, "actor_label" text NOT NULL, "note" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_budget_movement_idempotency" UNIQUE ("budget_id", "idempotency_key"), CONSTRAINT "PK_4c3c0078abdd4335ea4ab045918" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_budget_movement_reference" ON "budget_movement" ("budget_id", "reference_id") `);
    await queryRunner.query(`CREATE TYPE "public"."ledger_account" AS ENUM('funding', 'available', 'committed', 'spent')`);
    await queryRunner.query(
      `CREATE TABLE "budget_ledger_entry" ("id" BIGSERIAL NOT NULL, "movement_id" uuid NOT NULL, "budget_id" uuid NOT NULL, "account" "public"."ledger_account" NOT NULL, "amount_pence" bigint NOT NULL, CONSTRAINT "PK_84c14af520f3a927eff652555b6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e600367b79da6088366d7763c7" ON "budget_ledger_entry" ("movement_id") `);
    await queryRunner.query(`CREATE INDEX "ix_budget_ledger_account" ON "budget_ledger_entry" ("budget_id", "account") `);
    await queryRunner.query(
      `ALTER TABLE "budget_movement" ADD CONSTRAINT "FK_8d4b29b1b100342b9c2bd7daa31" FOREIGN KEY ("budget_id") REFERENCES "budget"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "budget_ledger_entry" ADD CONSTRAINT "FK_e600367b79da6088366d7763c71" FOREIGN KEY ("movement_id") REFERENCES "budget_movement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Money movements and their ledger lines are append-only: corrections are new movements.
    await queryRunner.query(`CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['budget_movement', 'budget_ledger_entry']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "budget_ledger_entry" DROP CONSTRAINT "FK_e600367b79da6088366d7763c71"`);
    await queryRunner.query(`ALTER TABLE "budget_movement" DROP CONSTRAINT "FK_8d4b29b1b100342b9c2bd7daa31"`);
    await queryRunner.query(`DROP INDEX "public"."ix_budget_ledger_account"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e600367b79da6088366d7763c7"`);
    await queryRunner.query(`DROP TABLE "budget_ledger_entry"`);
    await queryRunner.query(`DROP TYPE "public"."ledger_account"`);
    await queryRunner.query(`DROP INDEX "public"."ix_budget_movement_reference"`);
    await queryRunner.query(`DROP TABLE "budget_movement"`);
    await queryRunner.query(`DROP TYPE "public"."budget_movement_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_budget_holder"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9019aaf0eab579f44de45d7d10"`);
    await queryRunner.query(`DROP TABLE "budget"`);
    await queryRunner.query(`DROP TYPE "public"."budget_kind"`);
    await queryRunner.query(`DROP FUNCTION forbid_change()`);
  }
}
