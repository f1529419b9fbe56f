import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TransactionHost } from '@kinwell/database';
import { createTestDataSource } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { JobEngine, JobEngineOptions, JobSpec, ScheduleSpec } from './job-engine';
import { SLOW_JOB } from './job-engine.fixtures';

const QUICK: JobEngineOptions = { runner: true, pollingIntervalSeconds: 0.5, cronCheckSeconds: 1, maintenanceSeconds: 1 };
const until = async (check: () => Promise<boolean> | boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('the job engine (pg-boss on real PostgreSQL)', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;
  let tx: TransactionHost;
  const engines: JobEngine[] = [];
  const engine = async (options: JobEngineOptions, setUp: (e: JobEngine) => void = () => undefined) => {
    const e = new JobEngine(tx, ds, options);
    setUp(e);
    await e.onModuleInit();
    await e.onApplicationBootstrap();
    engines.push(e);
    return e;
  };

  beforeAll(async () => {
    let database;
    ({ dataSource: ds, close, database } = await createTestDataSource());
    url = database.url;
    tx = new TransactionHost(ds);
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.onApplicationShutdown()));
  });
  afterAll(() => close());

  it('enqueues only inside a transaction, and a job exists exactly when the transaction commits', async () => {
    const spec: JobSpec = { name: 'test-commit', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60 };
    const seen: unknown[] = [];
    const sender = await engine({ runner: false });
    await expect(sender.enqueue(spec, { n: 0 })).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(
      tx.run(async () => {
        await sender.enqueue(spec, { n: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await tx.run(async () => {
      await sender.enqueue(spec, { n: 2 }, { key: 'same' });
      // The same key twice in one use case is one job.
      await sender.enqueue(spec, { n: 2 }, { key: 'same' });
    });
    await engine(QUICK, (e) => e.handle(spec, async (data) => void seen.push(data.n)));
    await until(() => seen.length > 0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen).toEqual([2]);
  });

  it('retries a failing job with backoff, dead-letters it with its error, and runs it again when an admin asks', async () => {
    const spec: JobSpec = { name: 'test-flaky', retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 60 };
    let attempts = 0;
    let healthy = false;
    const worker = await engine(QUICK, (e) =>
      e.handle(spec, async () => {
        attempts++;
        if (!healthy) throw new Error('mail server refused the connection');
      }),
    );
    await tx.run(() => worker.enqueue(spec, { to: 'someone' }));
    await until(async () => (await worker.deadLetters()).length === 1);
    expect(attempts).toBe(3);
    const [dead] = await worker.deadLetters();
    expect(dead).toMatchObject({ queue: 'test-flaky', data: { to: 'someone' }, error: 'mail server refused the connection' });
    healthy = true;
    expect(await worker.retryDeadLetter(dead.id)).toBe(true);
    expect(await worker.retryDeadLetter(dead.id)).toBe(false);
    await until(() => attempts === 4);
    expect(await worker.deadLetters()).toEqual([]);
  });

  it('runs a schedule once per tick however many workers keep it', async () => {
    const spec: ScheduleSpec = { name: 'test-every-minute', cron: '* * * * *', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60 };
    const runs: string[] = [];
    for (const name of ['a', 'b', 'c']) await engine(QUICK, (e) => e.schedule(spec, async () => void runs.push(name)));
    await until(() => runs.length > 0);
    await new Promise((r) => setTimeout(r, 4000));
    // pg-boss makes one job per minute slot: count the slots the test spanned.
    const [{ slots }] = await ds.query(
      `SELECT count(DISTINCT singleton_on)::int AS slots FROM pgboss.job WHERE name = '__pgboss__send-it' AND singleton_key = $1`,
      [spec.name],
    );
    expect(slots).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBe(slots);
  });

  it('loses nothing when a worker is killed mid-job: the job expires and another worker runs it', async () => {
    const sender = await engine({ runner: false });
    await tx.run(() => sender.enqueue(SLOW_JOB, { n: 7 }));
    const child = spawn(process.execPath, [resolve('libs/testing/src/run-ts.js'), resolve('libs/jobs/src/job-worker.probe.ts'), url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((done) => child.stdout.on('data', (chunk: Buffer) => String(chunk).includes('took 7') && done()));
    child.kill('SIGKILL');
    const ran: unknown[] = [];
    await engine(QUICK, (e) => e.handle(SLOW_JOB, async (data) => void ran.push(data.n)));
    await until(() => ran.length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran).toEqual([7]);
  });
});
