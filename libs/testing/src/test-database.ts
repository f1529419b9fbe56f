import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@kinwell/database';
import { ENTITIES } from '@kinwell/platform';
import { databaseUrl, TEST_ADMIN_URL_VAR, TEST_TEMPLATE_VAR } from './test-env';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const adminUrl = process.env[TEST_ADMIN_URL_VAR];
  if (!adminUrl) throw new Error('No test database server: run tests through `npm test` (jest global setup).');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh, fully migrated database for one test file, cloned from the template in milliseconds. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEST_TEMPLATE_VAR]!;
  const name = `kinwell_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(template)}`));
  return {
    name,
    url: databaseUrl(process.env[TEST_ADMIN_URL_VAR]!, name),
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A test database plus an initialised DataSource over it, for repository and service tests. */
export async function createTestDataSource(): Promise<{ database: TestDatabase; dataSource: DataSource; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const dataSource = new DataSource(dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 10 }));
  await dataSource.initialize();
  return {
    database,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
