import { MigrationInterface, QueryRunner } from 'typeorm';

export class EquityGroups1795340413902 implements MigrationInterface {
  name = 'EquityGroups1795340413902';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "area_population" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commissioner_id" uuid NOT NULL, "dimension" text NOT NULL, "group_key" text NOT NULL, "population" integer NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_area_population" UNIQUE ("commissioner_id", "dimension", "group_key"), CONSTRAINT "PK_6abdb905918136719191af7d92b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "holder" ADD "age_band" text`);
    await queryRunner.query(`ALTER TABLE "holder" ADD "gender" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "holder" DROP COLUMN "gender"`);
    await queryRunner.query(`ALTER TABLE "holder" DROP COLUMN "age_band"`);
    await queryRunner.query(`DROP TABLE "area_population"`);
  }
}
