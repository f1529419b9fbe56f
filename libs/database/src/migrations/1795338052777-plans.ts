import { MigrationInterface, QueryRunner } from 'typeorm';

export class Plans1795338052777 implements MigrationInterface {
  name = 'Plans1795338052777';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "holder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid, "preferred_name" text NOT NULL, "pronouns" text, "languages" text array NOT NULL, "communities" text array NOT NULL, "equity_reporting_consent" boolean NOT NULL, "postcode_district" text, "commissioner_id" uuid NOT NULL, "broker_organisation_id" uuid NOT NULL, "clinical_team_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8266ed18d931b168de2723ad322" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_16d2bb26870075c61451b0e6eb" ON "holder" ("user_id") WHERE user_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_515ef0e4f4277586dd8a238ed2" ON "holder" ("commissioner_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b5048fd4053f71bac168f09e16" ON "holder" ("broker_organisation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_f5a9b9940bc687fd75dec0b5a1" ON "holder" ("clinical_team_id") `);
    await queryRunner.query(`CREATE TYPE "public"."representative_relationship" AS ENUM('carer', 'advocate', 'peer_supporter')`);
    await queryRunner.query(
      `CREATE TABLE "holder_representative" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "holder_id" uuid NOT NULL, "user_id" uuid NOT NULL, "relationship" "public"."representative_relationship" NOT NULL, "consent_given_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consent_revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_holder_representative" UNIQUE ("holder_id", "user_id"), CONSTRAINT "PK_459e836dc899177b2f655b85758" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2d3ff8b0b0dabba704b266be6c" ON "holder_representative" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "sign_off_policy" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commissioner_id" uuid NOT NULL, "name" text NOT NULL, "rules" jsonb NOT NULL, CONSTRAINT "UQ_5d04a3cb2c212efcc3ae3dcc301" UNIQUE ("commissioner_id"), CONSTRAINT "PK_8644aa9aaf4451fd4adef404e62" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."plan_status" AS ENUM('draft', 'submitted', 'approved', 'partly_approved', 'active', 'under_review', 'closed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "support_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "holder_id" uuid NOT NULL, "budget_id" uuid NOT NULL, "status" "public"."plan_status" NOT NULL, "contingency" text, "author_user_id" uuid NOT NULL, "holder_agreed_at" TIMESTAMP WITH TIME ZONE, "holder_agreed_by" uuid, "referral_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "first_decision_at" TIMESTAMP WITH TIME ZONE, "first_payment_at" TIMESTAMP WITH TIME ZONE, "activated_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fb5123e3bd794ea32b74e21a244" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ad440bbe4613417008973dc720" ON "support_plan" ("holder_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_3ee61086efab0e56729f94ba27" ON "support_plan" ("budget_id") `);
    await queryRunner.query(
      `CREATE TABLE "plan_goal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "text" text NOT NULL, "baseline" integer, "position" integer NOT NULL, CONSTRAINT "PK_a16a9956edffd8fe39929149145" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7b5e435848ff93a6a4b0f2268c" ON "plan_goal" ("plan_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."plan_item_status" AS ENUM('draft', 'pending', 'approved', 'declined', 'changes_requested')`,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "offering_id" uuid, "description" text NOT NULL, "supplier" text, "quantity" integer NOT NULL, "unit_price_pence" bigint NOT NULL, "total_pence" bigint NOT NULL, "goal_ids" uuid array NOT NULL, "status" "public"."plan_item_status" NOT NULL, "round" integer NOT NULL, "escalation" integer NOT NULL, "requested_by" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, "excluded_deciders" uuid array NOT NULL, CONSTRAINT "PK_fbd65c4526b9af914f7ab1e9a3c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_04b7fb4b4048f6fbe4ed1f06a0" ON "plan_item" ("plan_id") `);
    await queryRunner.query(`CREATE TYPE "public"."sign_off_decision_kind" AS ENUM('approve', 'decline', 'request_changes', 'escalate')`);
    await queryRunner.query(
      `CREATE TABLE "sign_off_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "round" integer NOT NULL, "decider_user_id" uuid NOT NULL, "acting_role" "public"."membership_role" NOT NULL, "lived_experience" boolean NOT NULL, "decision" "public"."sign_off_decision_kind" NOT NULL, "reason" text, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_sign_off_decision" UNIQUE ("item_id", "round", "decider_user_id"), CONSTRAINT "PK_df17c951300087ebdbc965ebd5f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cc2627f3cab32d561bb621b2c3" ON "sign_off_decision" ("item_id") `);
    await queryRunner.query(
      `CREATE TABLE "plan_signature" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "role" "public"."membership_role" NOT NULL, "user_id" uuid NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_plan_signature" UNIQUE ("plan_id", "role"), CONSTRAINT "PK_d9a44911ce60a46b749d2dd0f28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."plan_review_kind" AS ENUM('start', 'midpoint', 'end', 'rapid')`);
    await queryRunner.query(
      `CREATE TABLE "plan_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "kind" "public"."plan_review_kind" NOT NULL, "due_on" date NOT NULL, "requested_by" uuid, "reason" text, "completed_at" TIMESTAMP WITH TIME ZONE, "outcomes" jsonb, CONSTRAINT "PK_ffc8f8e5fadf93689577d0d7051" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9f6cfccdb3975dbd87d2e363b0" ON "plan_review" ("plan_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_9f6cfccdb3975dbd87d2e363b0"`);
    await queryRunner.query(`DROP TABLE "plan_review"`);
    await queryRunner.query(`DROP TYPE "public"."plan_review_kind"`);
    await queryRunner.query(`DROP TABLE "plan_signature"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc2627f3cab32d561bb621b2c3"`);
    await queryRunner.query(`DROP TABLE "sign_off_decision"`);
    await queryRunner.query(`DROP TYPE "public"."sign_off_decision_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_04b7fb4b4048f6fbe4ed1f06a0"`);
    await queryRunner.query(`DROP TABLE "plan_item"`);
    await queryRunner.query(`DROP TYPE "public"."plan_item_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7b5e435848ff93a6a4b0f2268c"`);
    await queryRunner.query(`DROP TABLE "plan_goal"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ee61086efab0e56729f94ba27"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ad440bbe4613417008973dc720"`);
    await queryRunner.query(`DROP TABLE "support_plan"`);
    await queryRunner.query(`DROP TYPE "public"."plan_status"`);
    await queryRunner.query(`DROP TABLE "sign_off_policy"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2d3ff8b0b0dabba704b266be6c"`);
    await queryRunner.query(`DROP TABLE "holder_representative"`);
    await queryRunner.query(`DROP TYPE "public"."representative_relationship"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f5a9b9940bc687fd75dec0b5a1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b5048fd4053f71bac168f09e16"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_515ef0e4f4277586dd8a238ed2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_16d2bb26870075c61451b0e6eb"`);
    await queryRunner.query(`DROP TABLE "holder"`);
  }
}
