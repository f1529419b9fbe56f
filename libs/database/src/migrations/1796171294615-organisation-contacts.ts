import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganisationContacts1796171294615 implements MigrationInterface {
  name = 'OrganisationContacts1796171294615';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" ADD "contact_phone" text`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "contact_email" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "contact_email"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "contact_phone"`);
  }
}
