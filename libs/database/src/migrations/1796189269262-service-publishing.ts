import { MigrationInterface, QueryRunner } from 'typeorm';

export class ServicePublishing1796189269262 implements MigrationInterface {
  name = 'ServicePublishing1796189269262';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "service" ADD "schedules" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "service" ADD "service_areas" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "service" ADD "contacts" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "service" DROP COLUMN "contacts"`);
    await queryRunner.query(`ALTER TABLE "service" DROP COLUMN "service_areas"`);
    await queryRunner.query(`ALTER TABLE "service" DROP COLUMN "schedules"`);
  }
}
