import { Injectable } from '@nestjs/common';
import { Clock } from '@kinwell/kernel';
import { SearchEngines, SearchHealth } from '@kinwell/search';
import { DataSource } from 'typeorm';

export const HEARTBEAT_STALE_AFTER_MS = 30_000;

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { status: 'up' | 'down'; latencyMs?: number; error?: string };
  worker: { status: 'up' | 'stale' | 'missing' | 'unknown'; lastBeatAt?: string };
  search: SearchHealth | { status: 'unknown' };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly search: SearchEngines,
  ) {}

  async check(): Promise<HealthReport> {
    const started = process.hrtime.bigint();
    try {
      const rows: Array<{ beat_at: Date | null }> = await this.dataSource.query('SELECT max(beat_at) AS beat_at FROM worker_heartbeat');
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const beat = rows[0]?.beat_at ?? null;
      const fresh = beat !== null && this.clock.now().getTime() - beat.getTime() <= HEARTBEAT_STALE_AFTER_MS;
      const worker: HealthReport['worker'] =
        beat === null ? { status: 'missing' } : { status: fresh ? 'up' : 'stale', lastBeatAt: beat.toISOString() };
      const search = await this.search.health();
      const ok = fresh && search.status === 'up';
      return { status: ok ? 'ok' : 'degraded', database: { status: 'up', latencyMs: Math.round(latencyMs * 10) / 10 }, worker, search };
    } catch {
      return {
        status: 'down',
        database: { status: 'down', error: 'The database did not answer' },
        worker: { status: 'unknown' },
        search: { status: 'unknown' },
      };
    }
  }
}
