import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, RunningPostgres, startEmbeddedPostgres } from '@kinwell/database';
import { ENTITIES } from '@kinwell/platform';

export const log = (m: string): void => void process.stdout.write(`${m}\n`);

/**
 * A fresh, migrated database named `name` on the benchmarks' own embedded PostgreSQL
 * (`.data/pg-bench`, not fsync'd), so a benchmark never touches development data.
 */
export async function benchDatabase(
  name: string,
  poolSize: number,
): Promise<{ server: RunningPostgres; url: string; dataSource: DataSource }> {
  const server = await startEmbeddedPostgres({
    dir: '.data/pg-bench',
    port: 15434,
    database: 'postgres',
    durable: false,
    log: () => undefined,
  });
  const admin = new Pool({ connectionString: server.adminUrl, max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = server.url.replace(/\/postgres$/, `/${name}`);
  const dataSource = new DataSource(dataSourceOptions({ url, entities: ENTITIES, poolSize }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return { server, url, dataSource };
}

/** Runs a benchmark's main and exits with its outcome (open pools and timers would keep Node alive). */
export function runBenchmark(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
