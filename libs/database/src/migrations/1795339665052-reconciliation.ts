import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reconciliation1795339665052 implements MigrationInterface {
  name = 'Reconciliation1795339665052';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."spend_exception_status" AS ENUM('open', 'resolved')`);
    await queryRunner.query(`CREATE TYPE "public"."spend_exception_resolution" AS ENUM('accept', 'recover', 'reclassify')`);
    await queryRunner.query(
      `CREATE TABLE "spend_exception" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "spend_ref" text NOT NULL, "kind" text NOT NULL, "detail" text NOT NULL, "status" "public"."spend_exception_status" NOT NULL, "resolution" "public"."spend_exception_resolution", "note" text, "resolved_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_spend_exception" UNIQUE ("plan_id", "spend_ref", "kind"), CONSTRAINT "PK_a8a7066eb17a1cf35419316d3e0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_55ef258effee8d7a1f0392365c" ON "spend_exception" ("plan_id") `);
    await queryRunner.query(
      `CREATE TABLE "spend_goal_match" ("id" BIGSERIAL NOT NULL, "plan_id" uuid NOT NULL, "spend_ref" text NOT NULL, "item_id" uuid NOT NULL, "goal_id" text NOT NULL, "pence" bigint NOT NULL, CONSTRAINT "PK_abc71100389f3e58bf0d54f00b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_spend_goal_match_plan" ON "spend_goal_match" ("plan_id", "goal_id") `);
    await queryRunner.query(
      `CREATE TABLE "statement_period" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "snapshot" jsonb NOT NULL, CONSTRAINT "uq_statement_period" UNIQUE ("plan_id", "period_end"), CONSTRAINT "PK_5e7fff63a5b9bdc901f0304f9ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "receipt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "spend_ref" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "storage_key" text NOT NULL, "uploaded_by" uuid NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b4b9ec7d164235fbba023da9832" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_35708a1d7b12a0c545d0e00a16" ON "receipt" ("plan_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_bf6b94292aa570271d15851a83" ON "receipt" ("spend_ref") `);
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_notification_user" ON "notification" ("user_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "receipt_reminder" ("id" BIGSERIAL NOT NULL, "spend_ref" text NOT NULL, "stage" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_receipt_reminder" UNIQUE ("spend_ref", "stage"), CONSTRAINT "PK_d30728c9e878b9787c2d478607c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reported_spend" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "item_id" uuid NOT NULL, "amount_pence" bigint NOT NULL, "merchant_name" text NOT NULL, "occurred_on" date NOT NULL, "reported_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3b40b6a4698bae98381ccb0eaf1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reported_spend_item" ON "reported_spend" ("plan_id", "item_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_reported_spend_item"`);
    await queryRunner.query(`DROP TABLE "reported_spend"`);
    await queryRunner.query(`DROP TABLE "receipt_reminder"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_user"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bf6b94292aa570271d15851a83"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_35708a1d7b12a0c545d0e00a16"`);
    await queryRunner.query(`DROP TABLE "receipt"`);
    await queryRunner.query(`DROP TABLE "statement_period"`);
    await queryRunner.query(`DROP INDEX "public"."ix_spend_goal_match_plan"`);
    await queryRunner.query(`DROP TABLE "spend_goal_match"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_55ef258effee8d7a1f0392365c"`);
    await queryRunner.query(`DROP TABLE "spend_exception"`);
    await queryRunner.query(`DROP TYPE "public"."spend_exception_resolution"`);
    await queryRunner.query(`DROP TYPE "public"."spend_exception_status"`);
  }
}
