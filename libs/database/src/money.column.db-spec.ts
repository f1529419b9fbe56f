import { Money } from '@kinwell/kernel';
import { createTestDatabase, TestDatabase } from '@kinwell/testing';
import { DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { MoneyColumn } from './money.column';

@Entity('money_probe')
class MoneyProbe {
  @PrimaryGeneratedColumn() id!: number;
  @MoneyColumn({ name: 'amount_pence' }) amount!: Money;
  @MoneyColumn({ name: 'limit_pence', nullable: true }) limit!: Money | null;
}

describe('MoneyColumn (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions({ url: db.url, entities: [MoneyProbe] }));
    await ds.initialize();
    await ds.query('CREATE TABLE money_probe (id serial PRIMARY KEY, amount_pence bigint NOT NULL, limit_pence bigint)');
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it.each([0, 13500, -305, Number.MAX_SAFE_INTEGER])('round-trips %i pence exactly through a bigint column', async (pence) => {
    const saved = await ds.getRepository(MoneyProbe).save({ amount: Money.ofPence(pence), limit: null });
    const loaded = await ds.getRepository(MoneyProbe).findOneByOrFail({ id: saved.id });
    expect(loaded.amount).toBeInstanceOf(Money);
    expect(loaded.amount.pence).toBe(pence);
    expect(loaded.limit).toBeNull();
    const [raw] = await ds.query('SELECT amount_pence::text AS text FROM money_probe WHERE id = $1', [saved.id]);
    expect(raw.text).toBe(String(pence));
  });

  it('refuses to read a stored value beyond a safe integer rather than rounding it', async () => {
    const [{ id }] = await ds.query(`INSERT INTO money_probe (amount_pence) VALUES (9007199254740993) RETURNING id`);
    await expect(ds.getRepository(MoneyProbe).findOneByOrFail({ id })).rejects.toMatchObject({ code: 'INVALID_MONEY' });
  });
});
