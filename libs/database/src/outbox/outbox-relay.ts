import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@kinwell/kernel';
import { DataSource } from 'typeorm';
import { OutboxEvent } from './outbox-event.entity';

export interface RelayedEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export type OutboxHandler = (event: RelayedEvent) => Promise<void>;

export const OUTBOX_MAX_ATTEMPTS = 10;

/**
 * Delivers committed outbox events to handlers, at least once. Each event is
 * claimed with FOR UPDATE SKIP LOCKED in its own transaction, so any number of
 * workers can relay side by side; a failing handler is retried with backoff.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly handlers = new Map<string, OutboxHandler[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  on(topic: string, handler: OutboxHandler): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  /**
   * Deletes events delivered before `cutoff`; returns how many. Events that failed for good are kept, as the
   * dead letters someone must look at, and so is anything still waiting.
   */
  async prune(cutoff: Date): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown, number]>(`DELETE FROM outbox_event WHERE processed_at < $1`, [cutoff]);
    return deleted;
  }

  /** Relays up to `limit` due events; returns how many it handled (delivered or failed). */
  async relayBatch(limit = 100): Promise<number> {
    let handled = 0;
    while (handled < limit && (await this.relayOne())) handled++;
    return handled;
  }

  /**
   * Delivers one event now, in this process, if nobody else has it (see OutboxService.publish's
   * deliverNow). A failure is recorded for the worker's retry and never thrown: the caller's work
   * already committed.
   */
  async deliver(id: string): Promise<void> {
    await this.relayOne(id).catch((error: unknown) =>
      this.logger.warn(`Outbox event ${id} not delivered at once: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private async relayOne(onlyId?: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; topic: string; payload: Record<string, unknown>; attempts: number }> = await manager.query(
        `SELECT id, topic, payload, attempts FROM outbox_event
          WHERE processed_at IS NULL AND failed_at IS NULL AND available_at <= $1 AND ($2::bigint IS NULL OR id = $2)
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [this.clock.now(), onlyId ?? null],
      );
      const event = rows[0];
      if (!event) return false;
      // Delivering at once is only for topics this process handles; otherwise the worker does it.
      if (onlyId && !this.handlers.get(event.topic)?.length) return false;
      const now = this.clock.now();
      try {
        for (const handler of this.handlers.get(event.topic) ?? []) await handler(event);
        await manager.update(OutboxEvent, event.id, { processedAt: now, attempts: event.attempts + 1, lastError: null });
      } catch (error) {
        const attempts = event.attempts + 1;
        const message = error instanceof Error ? error.message : String(error);
        const giveUp = attempts >= OUTBOX_MAX_ATTEMPTS;
        this.logger.warn(
          `Outbox event ${event.id} (${event.topic}) failed on attempt ${attempts}${giveUp ? '; giving up' : ''}: ${message}`,
        );
        await manager.update(OutboxEvent, event.id, {
          attempts,
          lastError: message.slice(0, 2000),
          availableAt: new Date(now.getTime() + Math.min(2 ** attempts * 1000, 15 * 60_000)),
          failedAt: giveUp ? now : null,
        });
      }
      return true;
    });
  }
}
