import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebAndIntake1796165414466 implements MigrationInterface {
  name = 'WebAndIntake1796165414466';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."budget_request_status" AS ENUM('new', 'accepted', 'declined')`);
    await queryRunner.query(`CREATE TABLE "budget_request" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "reference" text NOT NULL,
        "commissioner_id" uuid NOT NULL,
        "what_would_help" text NOT NULL,
        "name" text NOT NULL,
        "email" text,
        "phone" text,
        "contact_by" text NOT NULL,
        "language" text NOT NULL,
        "postcode_district" text,
        "consented_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" "public"."budget_request_status" NOT NULL,
        "user_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_ea02c3b2b54ffacc99572a0b5a4" UNIQUE ("reference"),
        CONSTRAINT "PK_fcfb3d59a10b2018f608d47a829" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_f748edeef8aca09e329a4c79e0" ON "budget_request" ("commissioner_id") `);
    await queryRunner.query(`CREATE TABLE "area_information" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "commissioner_id" uuid NOT NULL,
        "topic" text NOT NULL,
        "language" text NOT NULL,
        "body" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "uq_area_information" UNIQUE ("commissioner_id", "topic", "language"),
        CONSTRAINT "PK_d43d52e242bed9cab64684cf391" PRIMARY KEY ("id")
      )`);
    // The web's own tables, read and written by SQL in apps/web (no entities): sessions in the shape
    // connect-pg-simple expects, and the forms already done, so a second press of a button does nothing twice.
    await queryRunner.query(`CREATE TABLE "web_session" (
        "sid" varchar NOT NULL PRIMARY KEY,
        "sess" json NOT NULL,
        "expire" timestamp(6) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "ix_web_session_expire" ON "web_session" ("expire")`);
    await queryRunner.query(`CREATE TABLE "web_form_submission" (
        "form_key" text NOT NULL PRIMARY KEY,
        "location" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "ix_web_form_submission_created" ON "web_form_submission" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "web_form_submission"`);
    await queryRunner.query(`DROP TABLE "web_session"`);
    await queryRunner.query(`DROP TABLE "area_information"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f748edeef8aca09e329a4c79e0"`);
    await queryRunner.query(`DROP TABLE "budget_request"`);
    await queryRunner.query(`DROP TYPE "public"."budget_request_status"`);
  }
}
