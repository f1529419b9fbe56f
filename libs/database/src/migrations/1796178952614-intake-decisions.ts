import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeDecisions1796178952614 implements MigrationInterface {
  name = 'IntakeDecisions1796178952614';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "budget_request" ADD "decided_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "budget_request" ADD "decided_by" uuid`);
    await queryRunner.query(`ALTER TABLE "budget_request" ADD "decline_reason" text`);
    await queryRunner.query(`ALTER TABLE "budget_request" ADD "holder_id" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "budget_request" DROP COLUMN "holder_id"`);
    await queryRunner.query(`ALTER TABLE "budget_request" DROP COLUMN "decline_reason"`);
    await queryRunner.query(`ALTER TABLE "budget_request" DROP COLUMN "decided_by"`);
    await queryRunner.query(`ALTER TABLE "budget_request" DROP COLUMN "decided_at"`);
  }
}
