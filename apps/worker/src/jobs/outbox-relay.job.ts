import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { OUTBOX_CHANNEL, OutboxRelay } from '@kinwell/database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Drains the outbox: woken at once by NOTIFY when a transaction with events commits,
 * and by a poll as a fallback (missed notifications, retries coming due).
 */
@Injectable()
export class OutboxRelayJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayJob.name);
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.config.worker.outboxPollMs);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    await this.draining;
  }

  /** Drains until empty; a wake during a drain triggers one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        try {
          while (!this.stopped && (await this.relay.relayBatch(100)) === 100);
        } catch (error) {
          this.logger.error(`Outbox relay failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      } while (this.again && !this.stopped);
    })().finally(() => (this.draining = undefined));
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'kinwell-outbox-listener' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => this.logger.warn(`Outbox listener lost its connection (${error.message}); polling continues`));
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }
}
