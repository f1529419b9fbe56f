import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications as a key and parameters, written in the reader's language; deliveries by email and text; choices. */
export class Notifications1796211274985 implements MigrationInterface {
  name = 'Notifications1796211274985';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."notification_channel" AS ENUM('email', 'sms')`);
    await queryRunner.query(`CREATE TYPE "public"."notification_delivery_status" AS ENUM('queued', 'sending', 'sent', 'failed')`);
    await queryRunner.query(`CREATE TABLE "notification_delivery" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "notification_id" uuid NOT NULL,
        "channel" "public"."notification_channel" NOT NULL,
        "address" text NOT NULL,
        "status" "public"."notification_delivery_status" NOT NULL,
        "attempts" integer NOT NULL DEFAULT '0',
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        "failed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "uq_notification_delivery" UNIQUE ("notification_id", "channel"),
        CONSTRAINT "PK_109dea88c25343da49d86de6bfd" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_2e70a64359ce7416b06a4d7a43" ON "notification_delivery" ("notification_id") `);
    await queryRunner.query(`CREATE INDEX "ix_notification_delivery_failed" ON "notification_delivery" ("status") WHERE status = 'failed'`);
    await queryRunner.query(`CREATE TABLE "notification_preference" (
        "user_id" uuid NOT NULL,
        "email" boolean NOT NULL,
        "sms" boolean NOT NULL,
        "mobile" text,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_ff040d2d2e35c49b00525783829" PRIMARY KEY ("user_id")
      )`);
    // Messages written before they were keys keep their words, as the 'legacy' message.
    await queryRunner.query(`ALTER TABLE "notification" ADD "key" text NOT NULL DEFAULT 'legacy'`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "params" jsonb`);
    await queryRunner.query(`UPDATE "notification" SET "params" = jsonb_build_object('title', "subject", 'body', "body")`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "params" SET NOT NULL, ALTER COLUMN "key" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "subject"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "body"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "link" text`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "dedupe_key" text`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "broker_organisation_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_662df6d5118265528c68be4937" ON "notification" ("broker_organisation_id") `);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "uq_notification_once" UNIQUE ("user_id", "dedupe_key")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "uq_notification_once"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_662df6d5118265528c68be4937"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "broker_organisation_id"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "dedupe_key"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "link"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "subject" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "body" text NOT NULL DEFAULT ''`);
    await queryRunner.query(
      `UPDATE "notification" SET "subject" = coalesce("params"->>'title', "key"), "body" = coalesce("params"->>'body', '')`,
    );
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "params"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "key"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_delivery_failed"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2e70a64359ce7416b06a4d7a43"`);
    await queryRunner.query(`DROP TABLE "notification_delivery"`);
    await queryRunner.query(`DROP TYPE "public"."notification_delivery_status"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel"`);
  }
}
