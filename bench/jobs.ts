/**
 * npm run bench:jobs — 10,000 notifications told through the Notifications service (in-app row, delivery
 * row and pg-boss job, in the telling transaction), then emailed by two worker processes to a real SMTP
 * server on loopback. One worker is killed with SIGKILL a third of the way through and a new one started,
 * as a crash in production would. Prints throughput, the delay from telling to the SMTP server's receipt,
 * and counts of messages lost and received twice (by Message-ID).
 * BENCH_NOTIFICATIONS (10000), BENCH_PER_TRANSACTION (50).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { TransactionHost } from '@kinwell/database';
import { JobEngine } from '@kinwell/jobs';
import { SystemClock } from '@kinwell/kernel';
import { NoSms, Notifications } from '@kinwell/notifications';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';
import { percentile } from './lib/measure';

const TOTAL = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
const PER_TX = Number(process.env.BENCH_PER_TRANSACTION ?? 50);

async function smtpSink(onMessage: (messageId: string, at: number) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 4000) head += c.toString();
      });
      stream.on('end', () => {
        const id = /Message-ID:\s*<([^>]+)>/i.exec(head)?.[1] ?? 'none';
        onMessage(id, Date.now());
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as { port: number }).port;
  // A pooled transport: each worker keeps its connections open rather than one per email.
  return { url: `smtp://127.0.0.1:${port}/?pool=true&maxConnections=5`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function startWorker(url: string, smtpUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(__dirname, 'lib/jobs-worker.js'), url, smtpUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ready) => child.stdout.on('data', (c: Buffer) => String(c).includes('ready') && ready(child)));
}

runBenchmark(async () => {
  const { url, dataSource, server } = await benchDatabase('bench_jobs', 10);
  const received = new Map<string, number[]>();
  const sink = await smtpSink((id, at) => received.set(id, [...(received.get(id) ?? []), at]));
  await dataSource.query(
    `INSERT INTO app_user (email, display_name, language) SELECT 'person' || g || '@bench.test', 'Person ' || g, CASE WHEN g % 5 = 0 THEN 'ur' ELSE 'en' END
       FROM generate_series(1, $1) g`,
    [TOTAL],
  );
  const users: string[] = (await dataSource.query(`SELECT id FROM app_user ORDER BY email`)).map((r: { id: string }) => r.id);
  const tx = new TransactionHost(dataSource);
  const jobs = new JobEngine(tx, dataSource, { runner: false });
  await jobs.onModuleInit();
  const notifications = new Notifications(tx, jobs, new NoSms(), new SystemClock());

  let workers = [await startWorker(url, sink.url), await startWorker(url, sink.url)];
  log(`${TOTAL.toLocaleString('en-GB')} notifications, ${PER_TX} per transaction, 2 worker processes (batches of 20), SMTP on loopback`);
  const toldAt = new Map<string, number>();
  const started = performance.now();
  const startedAt = Date.now();
  let killed = false;
  const crashOnce = async () => {
    if (killed || received.size < TOTAL / 3) return;
    // A crash mid-run: the first worker dies at once, jobs in its hands included; a new one takes its place.
    killed = true;
    workers[0].kill('SIGKILL');
    workers = [await startWorker(url, sink.url), workers[1]];
    log(`killed a worker with SIGKILL after ${received.size} emails; started another`);
  };
  for (let i = 0; i < TOTAL; i += PER_TX) {
    await tx.run(async () => {
      for (const userId of users.slice(i, i + PER_TX))
        await notifications.tell([userId], { key: 'payment.made', params: { item: 'Swimming lessons', amount: '£45.00' } });
    });
    const now = Date.now();
    for (const userId of users.slice(i, i + PER_TX)) toldAt.set(userId, now);
    await crashOnce();
  }
  const enqueueSeconds = (performance.now() - started) / 1000;
  log(
    `told ${TOTAL} in ${enqueueSeconds.toFixed(1)} s: ${(TOTAL / enqueueSeconds).toFixed(0)} notifications/s (in-app row, delivery row and job each)`,
  );
  const deadline = Date.now() + 10 * 60_000;
  while (received.size < TOTAL && Date.now() < deadline) {
    await crashOnce();
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - startedAt) / 1000;

  // Map each message back to its notification's recipient, for the delay from telling to receipt.
  const rows: Array<{ id: string; user_id: string }> = await dataSource.query(
    `SELECT d.id, n.user_id FROM notification_delivery d JOIN notification n ON n.id = d.notification_id`,
  );
  const delays: number[] = [];
  for (const r of rows) {
    const at = received.get(`kinwell-notification-${r.id}@kinwell.bench`)?.[0];
    if (at !== undefined) delays.push(at - toldAt.get(r.user_id)!);
  }
  delays.sort((a, b) => a - b);
  const twice = [...received.values()].filter((times) => times.length > 1).length;
  const [status] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status <> 'sent')::int AS not_sent FROM notification_delivery`,
  );
  log(
    `delivered ${received.size.toLocaleString('en-GB')} distinct emails in ${seconds.toFixed(1)} s from the first telling: ${(received.size / seconds).toFixed(0)} emails/s`,
  );
  log(
    `delay from telling to the SMTP server's receipt: p50 ${(percentile(delays, 50) / 1000).toFixed(2)} s, p95 ${(percentile(delays, 95) / 1000).toFixed(2)} s, p99 ${(percentile(delays, 99) / 1000).toFixed(2)} s, max ${(delays.at(-1)! / 1000).toFixed(2)} s`,
  );
  log(
    `lost: ${TOTAL - received.size}; received twice (same Message-ID): ${twice}; deliveries recorded sent: ${status.sent}, not sent: ${status.not_sent}`,
  );

  for (const w of workers) w.kill('SIGTERM');
  await jobs.onApplicationShutdown();
  await sink.close();
  await dataSource.destroy();
  await server.stop();
});
