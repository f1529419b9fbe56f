import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { TransactionHost } from '@kinwell/database';
import { DomainError } from '@kinwell/kernel';

export const JOB_SCHEMA = 'pgboss';
export const JOB_ENGINE_OPTIONS = Symbol('JOB_ENGINE_OPTIONS');

export interface JobEngineOptions {
  /** This process works queues and keeps the schedules (the worker); the others only enqueue. */
  runner: boolean;
  /** How often an idle worker looks for jobs (pg-boss polls; there is no wake-up), so the latency floor. */
  pollingIntervalSeconds?: number;
  /** How often pg-boss checks its crons and expires jobs whose worker died (tests make these short). */
  cronCheckSeconds?: number;
  maintenanceSeconds?: number;
}

/** A queue: its name, and how a failing job is retried before it is dead-lettered. */
export interface JobSpec {
  name: string;
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) each time after. */
  retryDelaySeconds: number;
  /** A job still running after this long is treated as failed (its worker died) and retried. */
  expireInSeconds: number;
}

export interface ScheduleSpec extends JobSpec {
  /** Cron in Europe/London time; pg-boss makes one job per tick across every worker. */
  cron: string;
}

export interface DeadLetter {
  id: string;
  queue: string;
  data: Record<string, unknown>;
  error: string;
  failedAt: Date;
}

export const deadLetterQueue = (name: string) => `${name}-dead`;

/** The same key gives the same job id, so enqueuing twice in one retried use case is one job. */
export function jobIdFor(queue: string, key: string): string {
  const hex = createHash('sha256').update(`${queue}\u0000${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type Handler = (data: Record<string, unknown>, job: { id: string; retryCount: number }) => Promise<unknown>;

/**
 * Kinwell's job engine: pg-boss on Kinwell's own PostgreSQL. Use cases enqueue inside their transaction
 * (the job exists exactly when their change does); worker processes run the jobs after commit, retry them
 * with backoff, and move a job that keeps failing to its queue's dead-letter queue for an admin. Schedules
 * are pg-boss crons: one job per tick however many workers run, and a restart does not reset them.
 */
@Injectable()
export class JobEngine implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobEngine.name);
  private readonly boss: PgBoss;
  private readonly ready = new Map<string, Promise<void>>();
  private readonly handlers: Array<{ spec: JobSpec; handler: Handler; cron?: string; batchSize: number }> = [];
  private started = false;

  constructor(
    private readonly tx: TransactionHost,
    dataSource: DataSource,
    @Inject(JOB_ENGINE_OPTIONS) private readonly options: JobEngineOptions,
  ) {
    const { url } = dataSource.options as { url?: string };
    this.boss = new PgBoss({
      connectionString: url,
      schema: JOB_SCHEMA,
      application_name: options.runner ? 'kinwell-jobs' : 'kinwell-jobs-send',
      max: options.runner ? 6 : 2,
      // The schema comes with Kinwell's migrations; a process never changes it at start.
      migrate: false,
      supervise: options.runner,
      schedule: options.runner,
      // Completed jobs are archived after a day and deleted after a week; failures are kept longer.
      archiveCompletedAfterSeconds: 24 * 3600,
      archiveFailedAfterSeconds: 7 * 24 * 3600,
      deleteAfterDays: 7,
      cronMonitorIntervalSeconds: options.cronCheckSeconds ?? 30,
      cronWorkerIntervalSeconds: options.cronCheckSeconds ?? 5,
      maintenanceIntervalSeconds: options.maintenanceSeconds ?? 60,
    });
    this.boss.on('error', (error: Error) => this.logger.error(`Job engine: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  /** Workers start once every job class has said what it handles. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runner) return;
    for (const { spec, handler, cron, batchSize } of this.handlers) {
      await this.ensureQueue(spec);
      let workerId = '';
      workerId = await this.boss.work<Record<string, unknown>>(
        spec.name,
        { batchSize, includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          // The jobs of a batch run side by side; one failure retries that job only, the rest complete.
          await Promise.all(
            jobs.map(async (job) => {
              try {
                await handler(job.data ?? {}, { id: job.id, retryCount: job.retryCount });
              } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                this.logger.warn(`Job ${spec.name} ${job.id} failed on attempt ${job.retryCount + 1}: ${message}`);
                await this.boss.fail(spec.name, job.id, { message: message.slice(0, 2000) });
              }
            }),
          );
          // A full batch means more are waiting: fetch again at once instead of after the polling interval.
          if (jobs.length === batchSize) this.boss.notifyWorker(workerId);
        },
      );
      if (cron) await this.boss.schedule(spec.name, cron, {}, { tz: 'Europe/London' });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // Jobs in hand finish; anything left active when the process dies expires and is retried.
    await this.boss.stop({ graceful: true, wait: true, timeout: 20_000 });
  }

  /** A worker: `handler` runs each job of this queue; throwing retries it. Call before the application starts. */
  handle(spec: JobSpec, handler: Handler, options: { batchSize?: number } = {}): void {
    this.handlers.push({ spec, handler, batchSize: options.batchSize ?? 1 });
  }

  /** A schedule: `work` runs once per cron tick across all workers. */
  schedule(spec: ScheduleSpec, work: () => Promise<unknown>): void {
    this.handlers.push({ spec, handler: () => work(), cron: spec.cron, batchSize: 1 });
  }

  /**
   * Adds a job in the caller's transaction: it runs only if that transaction commits. `key` makes a repeat
   * of the same enqueue (a retried use case) the one job it already is.
   */
  async enqueue(spec: JobSpec, data: Record<string, unknown>, options: { key?: string; startAfter?: Date } = {}): Promise<void> {
    if (!this.tx.inTransaction)
      throw new DomainError('INTERNAL', `Job "${spec.name}" must be enqueued inside the transaction that asks for it`);
    await this.ensureQueue(spec);
    const runner = this.tx.manager.queryRunner!;
    const db = {
      executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }),
    };
    await this.boss.send(spec.name, data, {
      db,
      ...(options.key ? { id: jobIdFor(spec.name, options.key) } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    } as PgBoss.SendOptions);
  }

  /** Jobs that failed every retry, newest first, for an admin to read and send again. */
  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const rows: Array<{ id: string; name: string; data: Record<string, unknown>; output: unknown; created_on: Date }> =
      await this.tx.manager.query(
        `SELECT id, name, data, output, created_on FROM ${JOB_SCHEMA}.job
        WHERE name LIKE '%-dead' AND state = 'created' ORDER BY created_on DESC LIMIT $1`,
        [limit],
      );
    return rows.map((r) => ({
      id: r.id,
      queue: r.name.slice(0, -'-dead'.length),
      data: r.data ?? {},
      error: errorText(r.output),
      failedAt: r.created_on,
    }));
  }

  /** Sends a dead letter back to its queue for one more round of attempts; false if it is gone. */
  async retryDeadLetter(id: string): Promise<boolean> {
    return this.tx.run(async (manager) => {
      // A DELETE answers [rows, count].
      const [[row]]: [Array<{ name: string; data: Record<string, unknown> }>, number] = await manager.query(
        `DELETE FROM ${JOB_SCHEMA}.job WHERE id = $1 AND name LIKE '%-dead' AND state = 'created' RETURNING name, data`,
        [id],
      );
      if (!row) return false;
      const queue = row.name.slice(0, -'-dead'.length);
      const [spec] = await manager.query(`SELECT retry_limit, retry_delay, expire_seconds FROM ${JOB_SCHEMA}.queue WHERE name = $1`, [
        queue,
      ]);
      if (!spec) return false;
      await this.enqueue(
        { name: queue, retryLimit: spec.retry_limit, retryDelaySeconds: spec.retry_delay, expireInSeconds: spec.expire_seconds },
        row.data,
      );
      return true;
    });
  }

  /** Creates the queue and its dead-letter queue once per process; safe when several processes race. */
  private ensureQueue(spec: JobSpec): Promise<void> {
    let ready = this.ready.get(spec.name);
    if (!ready) {
      ready = (async () => {
        const dead = deadLetterQueue(spec.name);
        await this.createQueue(dead, { retryLimit: 0, retentionMinutes: 30 * 24 * 60 });
        await this.createQueue(spec.name, {
          retryLimit: spec.retryLimit,
          retryDelay: spec.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: spec.expireInSeconds,
          deadLetter: dead,
        });
      })();
      ready.catch(() => this.ready.delete(spec.name));
      this.ready.set(spec.name, ready);
    }
    return ready;
  }

  private async createQueue(name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
    if (await this.boss.getQueue(name)) return void (await this.boss.updateQueue(name, { name, ...options }));
    try {
      await this.boss.createQueue(name, { name, ...options });
    } catch (error) {
      // Another process made it first.
      if (!(await this.boss.getQueue(name))) throw error;
    }
  }
}

function errorText(output: unknown): string {
  const value = (output as { value?: unknown; message?: unknown } | null) ?? {};
  const inner = (value.value ?? value) as { message?: unknown };
  return typeof inner?.message === 'string' ? inner.message : JSON.stringify(output ?? '').slice(0, 500);
}
