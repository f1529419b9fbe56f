import { Injectable } from '@nestjs/common';
import { DomainError } from '@kinwell/kernel';
import { TransactionHost } from '../transaction-host';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';

export const OUTBOX_CHANNEL = 'kinwell_outbox';

/** Records side effects in the caller's transaction; the worker relays them after commit. */
@Injectable()
export class OutboxService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * `deliverNow`: this process also delivers the event as soon as the transaction commits (for
   * effects a person is waiting to see, such as a new card); the worker remains the backstop if that
   * fails or the process dies. Only for topics whose handlers every process registers.
   */
  async publish(topic: string, payload: Record<string, unknown>, options: { deliverNow?: boolean } = {}): Promise<void> {
    if (!this.tx.inTransaction) {
      // Publishing outside a transaction would let the event and the change it describes disagree.
      throw new DomainError('INTERNAL', `Outbox event "${topic}" must be published inside a transaction`);
    }
    const inserted = await this.tx.manager.insert(OutboxEvent, { topic, payload } as QueryDeepPartialEntity<OutboxEvent>);
    if (options.deliverNow) {
      const id = String(inserted.identifiers[0].id);
      this.tx.afterCommit(() => this.relay.deliver(id));
    }
    // NOTIFY is delivered only on commit, so the relay wakes exactly when the event becomes visible.
    await this.tx.manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, topic]);
  }
}
