import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1796174900853 implements MigrationInterface {
  name = 'Accounts1796174900853';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."invitation_kind" AS ENUM('holder', 'representative', 'staff')`);
    await queryRunner.query(`CREATE TABLE "invitation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" "public"."invitation_kind" NOT NULL,
        "email" citext NOT NULL,
        "display_name" text NOT NULL,
        "organisation_id" uuid NOT NULL,
        "role" "public"."membership_role",
        "admin" boolean NOT NULL DEFAULT false,
        "holder_id" uuid,
        "relationship" text,
        "language" text NOT NULL DEFAULT 'en',
        "invited_by" uuid,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "accepted_by" uuid,
        "withdrawn_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_invitation_organisation" ON "invitation" ("organisation_id", "created_at") `);
    await queryRunner.query(
      `CREATE TYPE "public"."account_token_purpose" AS ENUM('invitation', 'verify_email', 'reset_password', 'sign_in_link', 'admin_set_up')`,
    );
    await queryRunner.query(`CREATE TABLE "account_token" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "purpose" "public"."account_token_purpose" NOT NULL,
        "token_hash" text NOT NULL,
        "user_id" uuid,
        "invitation_id" uuid,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_a55842d3341d42534e39f85e931" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_afb41d941d437f47a0d75373f8" ON "account_token" ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_ab3c66669facfe429164e60ab8" ON "account_token" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_eb7baec8bece490158e00af4ea" ON "account_token" ("invitation_id") `);
    await queryRunner.query(`CREATE TABLE "recovery_code" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "code_hash" text NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_b7f1e23329e93a80e25fd281922" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_f5c95d9ca2047afa670093e202" ON "recovery_code" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "captured_email" (
        "id" BIGSERIAL NOT NULL,
        "message_key" text NOT NULL,
        "recipient" citext NOT NULL,
        "subject" text NOT NULL,
        "body" text NOT NULL,
        "language" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_8c94f3bd317a33b628dd3bd797a" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1e0d7c42ed35bed33b49ff854b" ON "captured_email" ("message_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_80f3bb2ef4bce43b86f5f9b36e" ON "captured_email" ("recipient") `);
    await queryRunner.query(`ALTER TABLE "membership" ADD "admin" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "membership" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "approved_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "rejection_reason" text`);
    // Every organisation so far was made by an admin or the seed: approved as it was made.
    await queryRunner.query(`UPDATE "organisation" SET "approved_at" = "created_at"`);
    // A person's own sessions are found by the user id inside the session (connect-pg-simple's shape).
    await queryRunner.query(`CREATE INDEX "ix_web_session_user" ON "web_session" (("sess"->>'userId'))`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "language" text NOT NULL DEFAULT 'en'`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "totp_secret" text`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "app_user" ADD "totp_last_step" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "totp_last_step"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "totp_enabled_at"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "totp_secret"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_web_session_user"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "rejection_reason"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "approved_at"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP COLUMN "deactivated_at"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP COLUMN "admin"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_80f3bb2ef4bce43b86f5f9b36e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1e0d7c42ed35bed33b49ff854b"`);
    await queryRunner.query(`DROP TABLE "captured_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f5c95d9ca2047afa670093e202"`);
    await queryRunner.query(`DROP TABLE "recovery_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eb7baec8bece490158e00af4ea"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ab3c66669facfe429164e60ab8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_afb41d941d437f47a0d75373f8"`);
    await queryRunner.query(`DROP TABLE "account_token"`);
    await queryRunner.query(`DROP TYPE "public"."account_token_purpose"`);
    await queryRunner.query(`DROP INDEX "public"."ix_invitation_organisation"`);
    await queryRunner.query(`DROP TABLE "invitation"`);
    await queryRunner.query(`DROP TYPE "public"."invitation_kind"`);
  }
}
