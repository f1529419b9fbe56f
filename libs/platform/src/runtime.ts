import { AppConfig } from '@kinwell/config';
import { dataSourceOptions, startEmbeddedPostgres } from '@kinwell/database';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';

export interface PreparedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/** Starts the embedded PostgreSQL when no DATABASE_URL is configured. */
export async function connectDatabase(config: AppConfig, log: Log): Promise<PreparedDatabase> {
  if (config.database.url) return { url: config.database.url, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dir: config.database.embedded.dir,
    port: config.database.embedded.port,
    database: 'kinwell',
    log: (m) => log(`[database] ${m}`),
  });
  log(`[database] Embedded PostgreSQL is running on port ${config.database.embedded.port} (data in ${config.database.embedded.dir}).`);
  return { url: server.url, embedded: true, stop: () => server.stop() };
}

/** Runs a short-lived DataSource over `url`; closes it whatever happens. */
export async function withDataSource<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions({ url, entities: ENTITIES, poolSize: 2, applicationName: 'kinwell-cli' }));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Connects and migrates. The demo area is seeded by the process once its application is up (`@kinwell/demo`). */
export async function prepareDatabase(config: AppConfig, log: Log): Promise<PreparedDatabase> {
  const database = await connectDatabase(config, log);
  try {
    await withDataSource(database.url, async (dataSource) => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length) log(`[database] Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
    });
  } catch (error) {
    await database.stop();
    throw error;
  }
  return database;
}
