import { MigrationInterface, QueryRunner } from 'typeorm';

export class Directory1795335907041 implements MigrationInterface {
  name = 'Directory1795335907041';

  async up(queryRunner: QueryRunner): Promise<void> {
    // cube + earthdistance: distance search without PostGIS.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS earthdistance`);
    // unaccent() is only STABLE, so PostgreSQL re-runs it on the search text for every row it checks;
    // this IMMUTABLE wrapper (fixed dictionary) lets the planner fold the query's text once per query.
    await queryRunner.query(`CREATE FUNCTION kinwell_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    await queryRunner.query(
      `CREATE TABLE "service" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL, "url" text, "email" text, "delivery_modes" text array NOT NULL, "languages" text array NOT NULL, "interpreter_available" boolean NOT NULL, "communities" text array NOT NULL, "eligibility_description" text, "minimum_age" integer, "maximum_age" integer, "last_confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stale_flagged_at" TIMESTAMP WITH TIME ZONE, "hidden_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85a21558c006647cd76fdce044b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f6f488aaff5f6e4ad8e0c0af43" ON "service" ("organisation_id") `);
    await queryRunner.query(
      `CREATE TABLE "location" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" text NOT NULL, "address_line" text NOT NULL, "town" text NOT NULL, "postcode" text NOT NULL, "postcode_district" text NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, "accessibility" text array NOT NULL, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_876d7bdba03c72251ec4c2dc827" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_99dbeb4287fe269acc52b4fa5e" ON "location" ("organisation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_42fd23d191f1fea844cf9836b3" ON "location" ("postcode_district") `);
    await queryRunner.query(
      `CREATE TABLE "service_at_location" ("id" uuid NOT NULL, "service_id" uuid NOT NULL, "location_id" uuid NOT NULL, CONSTRAINT "uq_service_at_location" UNIQUE ("service_id", "location_id"), CONSTRAINT "PK_736a1a1628a3a0ac275eb30fdfa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8b289099c434ed6b72c887fe3c" ON "service_at_location" ("location_id") `);
    await queryRunner.query(`CREATE TYPE "public"."listing_subject" AS ENUM('provider', 'service', 'location', 'offering')`);
    await queryRunner.query(`CREATE TYPE "public"."listing_operation" AS ENUM('create', 'update', 'withdraw')`);
    await queryRunner.query(`CREATE TYPE "public"."listing_change_status" AS ENUM('pending', 'approved', 'rejected', 'superseded')`);
    await queryRunner.query(
      `CREATE TABLE "listing_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "subject_type" "public"."listing_subject" NOT NULL, "subject_id" uuid NOT NULL, "operation" "public"."listing_operation" NOT NULL, "version" integer NOT NULL, "proposed" jsonb NOT NULL, "status" "public"."listing_change_status" NOT NULL, "submitted_by" uuid NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, CONSTRAINT "uq_listing_change_version" UNIQUE ("subject_id", "version"), CONSTRAINT "PK_3acaeaaf41e8394ed36a541a6d6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_fd99e588ae4b510929f0d5b9ce" ON "listing_change" ("organisation_id") `);
    await queryRunner.query(`CREATE INDEX "ix_listing_change_status" ON "listing_change" ("status", "submitted_at") `);
    await queryRunner.query(`CREATE TYPE "public"."offering_kind" AS ENUM('course', 'membership', 'session_block', 'item', 'service')`);
    await queryRunner.query(`CREATE TYPE "public"."price_unit" AS ENUM('one_off', 'per_session', 'per_hour', 'per_month')`);
    await queryRunner.query(
      `CREATE TYPE "public"."phb_exclusion" AS ENUM('gambling', 'alcohol', 'tobacco', 'debt', 'gp_care', 'emergency_care')`,
    );
    await queryRunner.query(
      `CREATE TABLE "offering" ("id" uuid NOT NULL, "service_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL, "kind" "public"."offering_kind" NOT NULL, "price_pence" bigint NOT NULL, "price_unit" "public"."price_unit" NOT NULL, "category_code" text NOT NULL, "available" boolean NOT NULL, "availability_note" text, "phb_exclusion" "public"."phb_exclusion", "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d42d2720ff82f75aae518b9347c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9a6b7abe173aefce5ce38cf834" ON "offering" ("service_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_0915f7e3775838659e5953b306" ON "offering" ("organisation_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."provider_kind" AS ENUM('voluntary', 'peer_led', 'user_led', 'community_micro_enterprise', 'faith_group', 'personal_assistant', 'mainstream_business')`,
    );
    await queryRunner.query(
      `CREATE TABLE "provider_profile" ("organisation_id" uuid NOT NULL, "description" text NOT NULL, "provider_kind" "public"."provider_kind" NOT NULL, "lived_experience_led" boolean NOT NULL, "payment_methods" text array NOT NULL, "website" text, "email" text, "phone" text, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a97986ed95e7e90360586ef76a" PRIMARY KEY ("organisation_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "taxonomy_term" ("id" uuid NOT NULL, "taxonomy" text NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL, "parent_id" uuid, CONSTRAINT "UQ_be4a07c738eddf4ad2f452de6b5" UNIQUE ("code"), CONSTRAINT "PK_1cad4be872f99cd0a50353dfc8b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "postcode_district" ("code" text NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, CONSTRAINT "PK_7e2a1f46c8a0a8a80e2958adb50" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "offering_search" ("id" uuid NOT NULL, "provider_id" uuid NOT NULL, "provider_kind" text NOT NULL, "peer_led" boolean NOT NULL, "name_text" text NOT NULL, "category_code" text NOT NULL, "communities" text array NOT NULL, "languages" text array NOT NULL, "delivery_modes" text array NOT NULL, "accessibility" text array NOT NULL, "price_pence" bigint NOT NULL, "latitude" double precision, "longitude" double precision, "search_vector" tsvector NOT NULL, CONSTRAINT "PK_555ba8e35724f9202efb267c9ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5eae221eb6446b29e93e06c81d" ON "offering_search" ("provider_id") `);
    await queryRunner.query(`CREATE INDEX "ix_offering_search_price" ON "offering_search" ("price_pence") `);
    await queryRunner.query(`CREATE INDEX "ix_offering_search_lat_lon" ON "offering_search" ("latitude", "longitude") `);
    await queryRunner.query(`CREATE INDEX "ix_offering_search_category_price" ON "offering_search" ("category_code", "price_pence") `);
    await queryRunner.query(
      `CREATE TABLE "search_demand" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "terms" text, "filters" jsonb NOT NULL, "postcode_district" text, "result_count" integer NOT NULL, "zero_results" boolean NOT NULL, "source" text NOT NULL, CONSTRAINT "PK_b57a2f79b5aa5df2f270cbe746e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_767120ae4e008a293809950764" ON "search_demand" ("zero_results") `);
    await queryRunner.query(`CREATE INDEX "ix_search_demand_time" ON "search_demand" ("occurred_at") `);
    await queryRunner.query(
      `ALTER TABLE "service" ADD CONSTRAINT "FK_f6f488aaff5f6e4ad8e0c0af43a" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "location" ADD CONSTRAINT "FK_99dbeb4287fe269acc52b4fa5e9" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_at_location" ADD CONSTRAINT "FK_e47c89847f7404345ec4a9af69f" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_at_location" ADD CONSTRAINT "FK_8b289099c434ed6b72c887fe3c6" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offering" ADD CONSTRAINT "FK_9a6b7abe173aefce5ce38cf8342" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "provider_profile" ADD CONSTRAINT "FK_8a97986ed95e7e90360586ef76a" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Search indexes TypeORM cannot express (declared with synchronize: false on OfferingSearchRow).
    await queryRunner.query(`CREATE INDEX "ix_offering_search_vector" ON "offering_search" USING gin ("search_vector")`);
    // Typo tolerance: query words are matched against the vocabulary of indexed words by trigram similarity.
    await queryRunner.query(
      `CREATE TABLE "search_vocabulary" ("word" text NOT NULL, CONSTRAINT "PK_search_vocabulary" PRIMARY KEY ("word"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_search_vocabulary_trgm" ON "search_vocabulary" USING gin ("word" gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE INDEX "ix_offering_search_arrays" ON "offering_search" USING gin ("languages", "communities", "delivery_modes", "accessibility")`,
    );
    // Kinwell's PHB categories (HSDS taxonomy terms).
    await queryRunner.query(
      `INSERT INTO "taxonomy_term" ("id", "taxonomy", "code", "name", "description") VALUES (gen_random_uuid(), 'kinwell-phb-categories', 'fitness-and-exercise', 'Fitness and exercise', 'Gym and swimming memberships, trainers, sports clubs, walking and cycling'), (gen_random_uuid(), 'kinwell-phb-categories', 'arts-and-crafts', 'Arts and crafts', 'Art, music, sewing and making courses and materials'), (gen_random_uuid(), 'kinwell-phb-categories', 'education-and-training', 'Education and training', 'College courses, ESOL, driving lessons, vocational training'), (gen_random_uuid(), 'kinwell-phb-categories', 'technical-and-computer-equipment', 'Technical and computer equipment', 'Laptops, tablets, smartphones and SIM plans, software'), (gen_random_uuid(), 'kinwell-phb-categories', 'home-support', 'Home support', 'Help at home, cleaning, gardening, home improvements that support wellbeing'), (gen_random_uuid(), 'kinwell-phb-categories', 'self-care-and-wellbeing', 'Self-care and wellbeing', 'Relaxation, mindfulness, personal care, pets, short breaks'), (gen_random_uuid(), 'kinwell-phb-categories', 'travel-and-transport', 'Travel and transport', 'Taxis to appointments, travel passes, visiting family'), (gen_random_uuid(), 'kinwell-phb-categories', 'talking-and-complementary-therapies', 'Talking and complementary therapies', 'Counselling, psychotherapy, yoga, acupuncture, hypnotherapy'), (gen_random_uuid(), 'kinwell-phb-categories', 'peer-support', 'Peer support', 'Groups and one-to-one support from people with lived experience'), (gen_random_uuid(), 'kinwell-phb-categories', 'advocacy', 'Advocacy', 'Independent advocacy and help with forms, benefits and rights'), (gen_random_uuid(), 'kinwell-phb-categories', 'personal-assistance', 'Personal assistance', 'Personal assistants and support workers'), (gen_random_uuid(), 'kinwell-phb-categories', 'social-and-community', 'Social and community', 'Clubs, cooking together, allotments, community and faith activities')`,
    );
    // Approximate centres of the demo area's postcode districts; load ONS data for a real area.
    await queryRunner.query(
      `INSERT INTO "postcode_district" ("code", "latitude", "longitude") VALUES ('E1', 51.5174, -0.0557), ('E2', 51.529, -0.061), ('E3', 51.528, -0.024), ('E4', 51.62, -0.003), ('E5', 51.56, -0.053), ('E6', 51.526, 0.055), ('E7', 51.547, 0.027), ('E8', 51.544, -0.062), ('E9', 51.543, -0.042), ('E10', 51.568, -0.012), ('E11', 51.568, 0.014), ('E12', 51.55, 0.055), ('E13', 51.528, 0.027), ('E14', 51.508, -0.02), ('E15', 51.541, 0.002), ('E17', 51.586, -0.018), ('E20', 51.543, -0.014), ('EC1', 51.524, -0.1), ('EC1V', 51.527, -0.097), ('EC2', 51.519, -0.086), ('EC2A', 51.523, -0.082), ('N1', 51.538, -0.093), ('N4', 51.57, -0.103), ('N5', 51.553, -0.098), ('N7', 51.553, -0.118), ('N15', 51.582, -0.08), ('N16', 51.562, -0.076), ('N17', 51.597, -0.07), ('N19', 51.565, -0.13), ('NW1', 51.534, -0.142), ('WC1', 51.522, -0.122)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provider_profile" DROP CONSTRAINT "FK_8a97986ed95e7e90360586ef76a"`);
    await queryRunner.query(`ALTER TABLE "offering" DROP CONSTRAINT "FK_9a6b7abe173aefce5ce38cf8342"`);
    await queryRunner.query(`ALTER TABLE "service_at_location" DROP CONSTRAINT "FK_8b289099c434ed6b72c887fe3c6"`);
    await queryRunner.query(`ALTER TABLE "service_at_location" DROP CONSTRAINT "FK_e47c89847f7404345ec4a9af69f"`);
    await queryRunner.query(`ALTER TABLE "location" DROP CONSTRAINT "FK_99dbeb4287fe269acc52b4fa5e9"`);
    await queryRunner.query(`ALTER TABLE "service" DROP CONSTRAINT "FK_f6f488aaff5f6e4ad8e0c0af43a"`);
    await queryRunner.query(`DROP INDEX "public"."ix_search_demand_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_767120ae4e008a293809950764"`);
    await queryRunner.query(`DROP TABLE "search_demand"`);
    await queryRunner.query(`DROP INDEX "public"."ix_offering_search_category_price"`);
    await queryRunner.query(`DROP INDEX "public"."ix_offering_search_lat_lon"`);
    await queryRunner.query(`DROP INDEX "public"."ix_offering_search_price"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5eae221eb6446b29e93e06c81d"`);
    await queryRunner.query(`DROP TABLE "offering_search"`);
    await queryRunner.query(`DROP TABLE "postcode_district"`);
    await queryRunner.query(`DROP TABLE "taxonomy_term"`);
    await queryRunner.query(`DROP TABLE "provider_profile"`);
    await queryRunner.query(`DROP TYPE "public"."provider_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0915f7e3775838659e5953b306"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9a6b7abe173aefce5ce38cf834"`);
    await queryRunner.query(`DROP TABLE "offering"`);
    await queryRunner.query(`DROP TYPE "public"."phb_exclusion"`);
    await queryRunner.query(`DROP TYPE "public"."price_unit"`);
    await queryRunner.query(`DROP TYPE "public"."offering_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listing_change_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fd99e588ae4b510929f0d5b9ce"`);
    await queryRunner.query(`DROP TABLE "listing_change"`);
    await queryRunner.query(`DROP TYPE "public"."listing_change_status"`);
    await queryRunner.query(`DROP TYPE "public"."listing_operation"`);
    await queryRunner.query(`DROP TYPE "public"."listing_subject"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8b289099c434ed6b72c887fe3c"`);
    await queryRunner.query(`DROP TABLE "service_at_location"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_42fd23d191f1fea844cf9836b3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_99dbeb4287fe269acc52b4fa5e"`);
    await queryRunner.query(`DROP TABLE "location"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f6f488aaff5f6e4ad8e0c0af43"`);
    await queryRunner.query(`DROP TABLE "service"`);
    await queryRunner.query(`DROP TABLE "search_vocabulary"`);
    await queryRunner.query(`DROP FUNCTION kinwell_unaccent(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS earthdistance`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS cube`);
  }
}
