import { MIGRATIONS, schemaDiff } from '@kinwell/database';
import { createTestDataSource } from '@kinwell/testing';
import { DataSource } from 'typeorm';

describe('migrations and entities', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => ({ dataSource: ds, close } = await createTestDataSource()));
  afterAll(() => close());

  it('agree: the migrated schema needs no further SQL (otherwise run npm run migration:generate)', async () => {
    const diff = await schemaDiff(ds);
    expect(diff.up).toEqual([]);
  });

  it('revert cleanly and apply again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(n).toBe(0);
    expect((await ds.runMigrations({ transaction: 'each' })).length).toBe(MIGRATIONS.length);
    expect((await schemaDiff(ds)).up).toEqual([]);
  });
});
