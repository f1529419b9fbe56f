import { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { MIGRATIONS } from './migrations';

export interface DatabaseSettings {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  poolSize?: number;
  applicationName?: string;
}

/**
 * Session settings for every connection. A trigram similarity threshold of 0.4 (pg_trgm's
 * default is 0.3) keeps typo matches close: one dropped letter in a short word still
 * matches ("makng" -> "making", 0.44) while different words do not ("drum" -> "driving").
 * JIT off: Kinwell's queries are short, and compiling them costs more than it saves.
 */
export const POSTGRES_SESSION_OPTIONS = '-c pg_trgm.similarity_threshold=0.4 -c jit=off';

/** The one set of TypeORM options used by the apps, the CLI and the tests. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    applicationName: settings.applicationName ?? 'kinwell',
    extra: { max: settings.poolSize ?? 10, options: POSTGRES_SESSION_OPTIONS },
  };
}
