import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each round of sign-off has a due date, an appeal flag, and the times it was reminded and escalated. */
export class SignOffDeadlines1796213002587 implements MigrationInterface {
  name = 'SignOffDeadlines1796213002587';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan_item" ADD "due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "plan_item" ADD "appeal" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "plan_item" ADD "reminded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "plan_item" ADD "escalated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_plan_item_due" ON "plan_item" ("due_at") WHERE status = 'pending'`);
    // Items already waiting get the default deadline, 10 working days, as two calendar weeks from when they were asked for.
    await queryRunner.query(`UPDATE "plan_item" SET "due_at" = "requested_at" + interval '14 days' WHERE "status" = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_plan_item_due"`);
    await queryRunner.query(`ALTER TABLE "plan_item" DROP COLUMN "escalated_at"`);
    await queryRunner.query(`ALTER TABLE "plan_item" DROP COLUMN "reminded_at"`);
    await queryRunner.query(`ALTER TABLE "plan_item" DROP COLUMN "appeal"`);
    await queryRunner.query(`ALTER TABLE "plan_item" DROP COLUMN "due_at"`);
  }
}
