import { MigrationInterface, QueryRunner } from 'typeorm';

export class InsightSnapshots1796281920063 implements MigrationInterface {
  name = 'InsightSnapshots1796281920063';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "insight_snapshot" (
        "commissioner_id" uuid NOT NULL,
        "figure" text NOT NULL,
        "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "read_models_at" TIMESTAMP WITH TIME ZONE,
        "payload" jsonb NOT NULL,
        CONSTRAINT "PK_ed24215134e5e8a1d6b6808f8af" PRIMARY KEY ("commissioner_id", "figure")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "insight_snapshot"`);
  }
}
