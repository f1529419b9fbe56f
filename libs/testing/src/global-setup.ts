import { Client } from 'pg';
import { loadConfig } from '@kinwell/config';
import { DataSource } from 'typeorm';
// Deep imports on purpose: global setup runs outside Jest's module registry, and loading
// @nestjs/graphql here as well would give tests a second copy of `graphql`.
import { dataSourceOptions } from '../../database/src/data-source-options';
import { startEmbeddedPostgres } from '../../database/src/embedded/embedded-postgres';
import { databaseUrl, TEST_ADMIN_URL_VAR, TEST_TEMPLATE_VAR } from './test-env';

declare global {
  var __KINWELL_TEST_PG__: { stop(): Promise<void> } | undefined;
}

/**
 * Once per `npm test`: start a throwaway embedded PostgreSQL (or use DATABASE_URL's
 * server) and migrate a template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  let adminUrl: string;
  if (config.database.url) {
    adminUrl = config.database.url;
  } else {
    // A directory per port, so two runs with different TEST_PG_PORTs can share a machine.
    const server = await startEmbeddedPostgres({
      dir: `.data/pg-test-${config.database.testPort}`,
      port: config.database.testPort,
      database: 'postgres',
      durable: false,
      log: () => undefined,
    });
    globalThis.__KINWELL_TEST_PG__ = server;
    adminUrl = server.adminUrl;
  }
  // Unique per run, so runs sharing an external server do not collide.
  const template = `kinwell_tmpl_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Clear what earlier runs that were killed may have left behind.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'kinwell\\_tmpl\\_%' OR datname LIKE 'kinwell\\_test\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/_(\d+)(?:_|$)/.exec(datname)?.[1]);
      const ours = !config.database.url || !isRunning(pid);
      if (ours) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(datname)} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(template)}`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(adminUrl, template), entities: [], poolSize: 1 }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env[TEST_ADMIN_URL_VAR] = adminUrl;
  process.env[TEST_TEMPLATE_VAR] = template;
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
