import { MigrationInterface, QueryRunner } from 'typeorm';

export class SpendRecoveries1796185462050 implements MigrationInterface {
  name = 'SpendRecoveries1796185462050';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."spend_recovery_owed_by" AS ENUM('holder', 'provider', 'shop')`);
    await queryRunner.query(`CREATE TYPE "public"."spend_recovery_status" AS ENUM('owed', 'recovered', 'written_off')`);
    await queryRunner.query(`CREATE TABLE "spend_recovery" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "plan_id" uuid NOT NULL,
        "budget_id" uuid NOT NULL,
        "exception_id" uuid NOT NULL,
        "owed_pence" bigint NOT NULL,
        "owed_by" "public"."spend_recovery_owed_by" NOT NULL,
        "status" "public"."spend_recovery_status" NOT NULL,
        "raised_by" uuid NOT NULL,
        "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "settled_by" uuid,
        "settled_at" TIMESTAMP WITH TIME ZONE,
        "settled_note" text,
        CONSTRAINT "PK_53540a694eaf34e79c8b23b3dd6" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_6a6d90be8fa85f171567a13035" ON "spend_recovery" ("plan_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2539e0049a10ca2aaca67873e9" ON "spend_recovery" ("exception_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_2539e0049a10ca2aaca67873e9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6a6d90be8fa85f171567a13035"`);
    await queryRunner.query(`DROP TABLE "spend_recovery"`);
    await queryRunner.query(`DROP TYPE "public"."spend_recovery_status"`);
    await queryRunner.query(`DROP TYPE "public"."spend_recovery_owed_by"`);
  }
}
