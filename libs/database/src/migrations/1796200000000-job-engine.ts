import { MigrationInterface, QueryRunner } from 'typeorm';
import PgBoss from 'pg-boss';

/**
 * pg-boss's own schema (version 24, pg-boss 10.4), made by Kinwell's migrations so a process never changes
 * the schema at start, and the test template carries it. Its plan wraps itself in BEGIN/COMMIT; the migration
 * is already a transaction.
 */
export class JobEngine1796200000000 implements MigrationInterface {
  name = 'JobEngine1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const plan = PgBoss.getConstructionPlans('pgboss')
      .replace(/^\s*BEGIN;\s*$/m, '')
      .replace(/^\s*COMMIT;\s*$/m, '');
    await queryRunner.query(plan);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA pgboss CASCADE`);
  }
}
