import { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795338707864 implements MigrationInterface {
  name = 'Payments1795338707864';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."payment_method_kind" AS ENUM('card', 'invoice', 'direct_payment')`);
    await queryRunner.query(`CREATE TYPE "public"."purchase_intent_status" AS ENUM('open', 'completed', 'cancelled')`);
    await queryRunner.query(
      `CREATE TABLE "purchase_intent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_item_id" uuid NOT NULL, "budget_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "broker_organisation_id" uuid NOT NULL, "provider_organisation_id" uuid, "method" "public"."payment_method_kind" NOT NULL, "approved_pence" bigint NOT NULL, "tolerance_pence" bigint NOT NULL, "authorised_pence" bigint NOT NULL, "status" "public"."purchase_intent_status" NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, "payment_reference" text, CONSTRAINT "PK_d1ee6d1420c8d08bffdd264f943" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0f0e11a2ec3b1321271154a107" ON "purchase_intent" ("plan_item_id") WHERE status <> 'cancelled'`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4fe2429edf300c06f47a686fe2" ON "purchase_intent" ("budget_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_d774162f8dcfde37dbca0051be" ON "purchase_intent" ("broker_organisation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c2706e950d2e018962677b220e" ON "purchase_intent" ("provider_organisation_id") `);
    await queryRunner.query(
      `CREATE TABLE "issuer_cardholder" ("issuer_cardholder_id" text NOT NULL, "issuer" text NOT NULL, "broker_organisation_id" uuid NOT NULL, CONSTRAINT "uq_issuer_cardholder" UNIQUE ("issuer", "broker_organisation_id"), CONSTRAINT "PK_9f39a20bfac41fe90900dcea117" PRIMARY KEY ("issuer_cardholder_id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."issued_card_status" AS ENUM('active', 'inactive', 'canceled')`);
    await queryRunner.query(
      `CREATE TABLE "issued_card" ("issuer_card_id" text NOT NULL, "issuer" text NOT NULL, "intent_id" uuid NOT NULL, "last4" text NOT NULL, "exp_month" integer NOT NULL, "exp_year" integer NOT NULL, "spending_limit_pence" bigint NOT NULL, "allowed_categories" text array NOT NULL, "blocked_categories" text array NOT NULL, "status" "public"."issued_card_status" NOT NULL, CONSTRAINT "PK_121f029442d656628fe04787c16" PRIMARY KEY ("issuer_card_id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a9c8e909339878477ea5347043" ON "issued_card" ("intent_id") `);
    await queryRunner.query(
      `CREATE TABLE "card_authorization" ("issuer_authorization_id" text NOT NULL, "issuer_card_id" text NOT NULL, "intent_id" uuid, "amount_pence" bigint NOT NULL, "merchant_name" text NOT NULL, "merchant_category" text NOT NULL, "approved" boolean NOT NULL, "decline_reason" text, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_074342517d35bee0f60f9e536cc" PRIMARY KEY ("issuer_authorization_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dcdf1396a6fd753e51408085ba" ON "card_authorization" ("issuer_card_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9b15f7ee4c0538f67e4ca60b18" ON "card_authorization" ("intent_id") `);
    await queryRunner.query(`CREATE TYPE "public"."card_transaction_kind" AS ENUM('capture', 'refund')`);
    await queryRunner.query(
      `CREATE TABLE "card_transaction" ("issuer_transaction_id" text NOT NULL, "issuer_card_id" text NOT NULL, "issuer_authorization_id" text, "intent_id" uuid NOT NULL, "kind" "public"."card_transaction_kind" NOT NULL, "amount_pence" bigint NOT NULL, "merchant_name" text NOT NULL, "merchant_category" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4b0f2108c685bfdd2970d33c49f" PRIMARY KEY ("issuer_transaction_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_de89dd1e68a2f971b39c689c39" ON "card_transaction" ("issuer_card_id") `);
    await queryRunner.query(
      `CREATE TABLE "issuer_event" ("event_id" text NOT NULL, "type" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2ca4a33669e1e660641b8a2e20b" PRIMARY KEY ("event_id"))`,
    );
    // Card decisions and transactions are a record of what happened: never edited, never removed.
    for (const table of ['card_authorization', 'card_transaction']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "issuer_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_de89dd1e68a2f971b39c689c39"`);
    await queryRunner.query(`DROP TABLE "card_transaction"`);
    await queryRunner.query(`DROP TYPE "public"."card_transaction_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9b15f7ee4c0538f67e4ca60b18"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dcdf1396a6fd753e51408085ba"`);
    await queryRunner.query(`DROP TABLE "card_authorization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a9c8e909339878477ea5347043"`);
    await queryRunner.query(`DROP TABLE "issued_card"`);
    await queryRunner.query(`DROP TYPE "public"."issued_card_status"`);
    await queryRunner.query(`DROP TABLE "issuer_cardholder"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c2706e950d2e018962677b220e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d774162f8dcfde37dbca0051be"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4fe2429edf300c06f47a686fe2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0f0e11a2ec3b1321271154a107"`);
    await queryRunner.query(`DROP TABLE "purchase_intent"`);
    await queryRunner.query(`DROP TYPE "public"."purchase_intent_status"`);
    await queryRunner.query(`DROP TYPE "public"."payment_method_kind"`);
  }
}
