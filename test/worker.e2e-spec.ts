import { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@kinwell/config';
import { OutboxRelay, OutboxService, TransactionHost } from '@kinwell/database';
import { createTestDatabase, TestDatabase } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { createWorker } from '../apps/worker/src/create-worker';

describe('worker process', () => {
  let db: TestDatabase;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A long poll interval: delivery below must come from LISTEN/NOTIFY on commit, not polling.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, OUTBOX_POLL_MS: '60000' });
    worker = await createWorker(config, db.url);
  });
  afterAll(async () => {
    await worker.close();
    await db.drop();
  });

  it('beats a heartbeat as soon as it starts', async () => {
    const rows: Array<{ worker_id: string }> = await worker.get(DataSource).query('SELECT worker_id FROM worker_heartbeat');
    expect(rows).toHaveLength(1);
  });

  it('relays an event promptly after the transaction that published it commits', async () => {
    const received = new Promise<Record<string, unknown>>((resolve) =>
      worker.get(OutboxRelay).on('test.committed', async (e) => resolve(e.payload)),
    );
    const tx = worker.get(TransactionHost);
    await tx.run(() => worker.get(OutboxService).publish('test.committed', { n: 1 }));
    await expect(received).resolves.toEqual({ n: 1 });
  });
});
