import { MigrationInterface, QueryRunner } from 'typeorm';

export class PanelDecisions1796184028554 implements MigrationInterface {
  name = 'PanelDecisions1796184028554';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "panel_decision" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "item_id" uuid NOT NULL,
        "commissioner_id" uuid NOT NULL,
        "held_on" date NOT NULL,
        "members_present" uuid array NOT NULL,
        "decision" "public"."sign_off_decision_kind" NOT NULL,
        "reason" text,
        "recorded_by" uuid NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_8d7bbf61541c41b1ec90f109276" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_487c2dfaa3464d1f9f62c52d45" ON "panel_decision" ("item_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_487c2dfaa3464d1f9f62c52d45"`);
    await queryRunner.query(`DROP TABLE "panel_decision"`);
  }
}
