import { FixedClock } from '@kinwell/kernel';
import { createTestDataSource } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { TransactionHost } from '../transaction-host';
import { OutboxEvent } from './outbox-event.entity';
import { OUTBOX_MAX_ATTEMPTS, OutboxRelay, RelayedEvent } from './outbox-relay';
import { OutboxService } from './outbox.service';

describe('outbox (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let tx: TransactionHost;
  let outbox: OutboxService;
  // Events become due at the database's now(); the pinned clock runs a minute ahead of it.
  const clock = new FixedClock(new Date(Date.now() + 60_000));

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    tx = new TransactionHost(ds);
    outbox = new OutboxService(tx, new OutboxRelay(ds, clock));
  });
  afterAll(() => close());
  beforeEach(() => ds.query('DELETE FROM outbox_event'));

  it('refuses to publish outside a transaction', async () => {
    await expect(outbox.publish('x.happened', {})).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await ds.getRepository(OutboxEvent).count()).toBe(0);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    await expect(
      tx.run(async () => {
        await outbox.publish('listing.approved', { id: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await ds.getRepository(OutboxEvent).count()).toBe(0);
  });

  it('prunes delivered events past their keep, and keeps what is pending or failed for good', async () => {
    const old = new Date(Date.now() - 10 * 86_400_000);
    await ds.query(
      `INSERT INTO outbox_event (topic, payload, processed_at, failed_at) VALUES
        ('delivered.long.ago', '{}', $1, NULL), ('delivered.today', '{}', now(), NULL),
        ('still.pending', '{}', NULL, NULL), ('dead.letter', '{}', NULL, $1)`,
      [old],
    );
    const deleted = await new OutboxRelay(ds, clock).prune(new Date(Date.now() - 7 * 86_400_000));
    expect(deleted).toBe(1);
    expect((await ds.query(`SELECT topic FROM outbox_event ORDER BY id`)).map((r: { topic: string }) => r.topic)).toEqual([
      'delivered.today',
      'still.pending',
      'dead.letter',
    ]);
  });

  it('delivers a committed event once, and marks it processed', async () => {
    const relay = new OutboxRelay(ds, clock);
    const seen: RelayedEvent[] = [];
    relay.on('listing.approved', async (e) => void seen.push(e));
    await tx.run(() => outbox.publish('listing.approved', { listingId: 'abc' }));
    expect(await relay.relayBatch()).toBe(1);
    expect(await relay.relayBatch()).toBe(0);
    expect(seen.map((e) => e.payload)).toEqual([{ listingId: 'abc' }]);
    const [row] = await ds.getRepository(OutboxEvent).find();
    expect(row.processedAt).not.toBeNull();
  });

  it('delivers at once after commit when asked, in the writing process, only for topics it handles; failures stay for the worker', async () => {
    const relay = new OutboxRelay(ds, clock);
    const now = new OutboxService(tx, relay);
    const seen: string[] = [];
    relay.on('card.requested', async (e) => {
      // After commit: the event is visible to the handler's own reads.
      expect(await ds.getRepository(OutboxEvent).countBy({ topic: 'card.requested' })).toBe(1);
      seen.push(String(e.payload.n));
    });
    relay.on('card.flaky', async () => {
      throw new Error('issuer down');
    });
    await tx.run(async () => {
      await now.publish('card.requested', { n: 1 }, { deliverNow: true });
      await now.publish('nobody.here', {}, { deliverNow: true });
      await now.publish('card.flaky', {}, { deliverNow: true });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['1']);
    const rows = await ds.getRepository(OutboxEvent).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.topic, r.processedAt !== null, r.attempts])).toEqual([
      ['card.requested', true, 1],
      ['nobody.here', false, 0],
      ['card.flaky', false, 1],
    ]);
    await expect(
      tx.run(async () =>
        now.publish('card.requested', { n: 2 }, { deliverNow: true }).then(() => Promise.reject(new Error('rolled back'))),
      ),
    ).rejects.toThrow('rolled back');
    expect(seen).toEqual(['1']);
  });

  it('retries a failing handler with backoff, then gives up and keeps the event for a person', async () => {
    const relay = new OutboxRelay(ds, clock);
    let calls = 0;
    relay.on('index.update', async () => {
      calls++;
      throw new Error('search engine unavailable');
    });
    await tx.run(() => outbox.publish('index.update', {}));
    expect(await relay.relayBatch()).toBe(1);
    let [row] = await ds.getRepository(OutboxEvent).find();
    expect(row).toMatchObject({ attempts: 1, lastError: 'search engine unavailable', processedAt: null, failedAt: null });
    expect(row.availableAt.getTime()).toBeGreaterThan(clock.now().getTime());
    // Not due yet: nothing happens until the backoff passes.
    expect(await relay.relayBatch()).toBe(0);
    for (let i = 1; i < OUTBOX_MAX_ATTEMPTS; i++) {
      clock.advance(60 * 60_000);
      await relay.relayBatch();
    }
    [row] = await ds.getRepository(OutboxEvent).find();
    expect(calls).toBe(OUTBOX_MAX_ATTEMPTS);
    expect(row.failedAt).not.toBeNull();
    clock.advance(24 * 60 * 60_000);
    expect(await relay.relayBatch()).toBe(0);
  });

  it('lets two relays drain side by side without delivering any event twice (SKIP LOCKED)', async () => {
    await tx.run(async () => {
      for (let i = 0; i < 60; i++) await outbox.publish('n', { i });
    });
    const delivered: number[] = [];
    const handler = async (e: RelayedEvent) => {
      await new Promise((r) => setTimeout(r, 2));
      delivered.push(e.payload.i as number);
    };
    const a = new OutboxRelay(ds, clock);
    const b = new OutboxRelay(ds, clock);
    a.on('n', handler);
    b.on('n', handler);
    const [na, nb] = await Promise.all([a.relayBatch(1000), b.relayBatch(1000)]);
    expect(na + nb).toBe(60);
    expect(na).toBeGreaterThan(0);
    expect(nb).toBeGreaterThan(0);
    expect([...delivered].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });
});
