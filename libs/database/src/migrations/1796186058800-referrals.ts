import { MigrationInterface, QueryRunner } from 'typeorm';

export class Referrals1796186058800 implements MigrationInterface {
  name = 'Referrals1796186058800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "budget_request" ADD "referral" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "budget_request" DROP COLUMN "referral"`);
  }
}
