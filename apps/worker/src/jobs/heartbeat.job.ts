import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock, newId } from '@kinwell/kernel';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';

export const HEARTBEAT_EVERY_MS = 5_000;

/** Tells /health the worker is alive. */
@Injectable()
export class HeartbeatJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatJob.name);
  private readonly workerId = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  private startedAt!: Date;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.startedAt = this.clock.now();
    await this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.dataSource.query('DELETE FROM worker_heartbeat WHERE worker_id = $1', [this.workerId]).catch(() => undefined);
  }

  async beat(): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO worker_heartbeat (worker_id, started_at, beat_at, info) VALUES ($1, $2, $3, $4)
         ON CONFLICT (worker_id) DO UPDATE SET beat_at = EXCLUDED.beat_at, info = EXCLUDED.info`,
        [this.workerId, this.startedAt, this.clock.now(), { pid: process.pid, memoryMb: Math.round(process.memoryUsage().rss / 1e6) }],
      );
      // Forget workers that stopped without saying goodbye.
      await this.dataSource.query(`DELETE FROM worker_heartbeat WHERE beat_at < $1::timestamptz - interval '1 day'`, [this.clock.now()]);
    } catch (error) {
      this.logger.warn(`Heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
