import { MigrationInterface, QueryRunner } from 'typeorm';

export class CredentialsChanged1796179895122 implements MigrationInterface {
  name = 'CredentialsChanged1796179895122';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "credentials_changed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "credentials_changed_at"`);
  }
}
