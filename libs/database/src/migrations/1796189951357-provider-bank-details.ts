import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderBankDetails1796189951357 implements MigrationInterface {
  name = 'ProviderBankDetails1796189951357';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "provider_bank_details" (
        "organisation_id" uuid NOT NULL,
        "account_name" text NOT NULL,
        "sealed" text NOT NULL,
        "last4" text NOT NULL,
        "updated_by" uuid NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_e62fe2b44b707810d9bbee8bf20" PRIMARY KEY ("organisation_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "provider_bank_details"`);
  }
}
