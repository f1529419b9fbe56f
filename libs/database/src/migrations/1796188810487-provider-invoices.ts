import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderInvoices1796188810487 implements MigrationInterface {
  name = 'ProviderInvoices1796188810487';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "provider_invoice" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "intent_id" uuid NOT NULL,
        "provider_organisation_id" uuid NOT NULL,
        "invoice_number" text NOT NULL,
        "amount_pence" bigint NOT NULL,
        "issued_on" date NOT NULL,
        "source" text NOT NULL,
        "storage_key" text NOT NULL,
        "size_bytes" integer NOT NULL,
        "submitted_by" uuid NOT NULL,
        "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_18df1dc2236c2db33cef20ac2d5" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f643eb39d2c4eeab52ecebb8fc" ON "provider_invoice" ("intent_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2d69612aedbb44eedeaa2bc5ec" ON "provider_invoice" ("provider_organisation_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_2d69612aedbb44eedeaa2bc5ec"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f643eb39d2c4eeab52ecebb8fc"`);
    await queryRunner.query(`DROP TABLE "provider_invoice"`);
  }
}
