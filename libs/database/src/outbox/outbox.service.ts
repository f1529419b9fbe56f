import { Injectable } from '@nestjs/common';
import { DomainError } from '@kinwell/kernel';
import { TransactionHost } from '../transaction-host';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEvent } from './outbox-event.entity';

export const OUTBOX_CHANNEL = 'kinwell_outbox';

/** Records side effects in the caller's transaction; the worker relays them after commit. */
@Injectable()
export class OutboxService {
  constructor(private readonly tx: TransactionHost) {}

  async publish(topic: string, payload: Record<string, unknown>): Promise<void> {
    if (!this.tx.inTransaction) {
      // Publishing outside a transaction would let the event and the change it describes disagree.
      throw new DomainError('INTERNAL', `Outbox event "${topic}" must be published inside a transaction`);
    }
    await this.tx.manager.insert(OutboxEvent, { topic, payload } as QueryDeepPartialEntity<OutboxEvent>);
    // NOTIFY is delivered only on commit, so the relay wakes exactly when the event becomes visible.
    await this.tx.manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, topic]);
  }
}
