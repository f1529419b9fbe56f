import { Injectable } from '@nestjs/common';
import { Clock } from '@kinwell/kernel';
import { TransactionHost } from '../transaction-host';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntry } from './audit-entry.entity';

export interface AuditActor {
  userId: string | null;
  label: string;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, label: 'system' };

export interface AuditRecord {
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string };
  reason?: string | null;
  change?: Record<string, unknown> | null;
}

/** Writes audit entries in the caller's transaction, so they stand or fall with the change. */
@Injectable()
export class AuditLog {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.tx.manager.insert(AuditEntry, {
      occurredAt: this.clock.now(),
      actorUserId: entry.actor.userId,
      actorLabel: entry.actor.label,
      action: entry.action,
      subjectType: entry.subject.type,
      subjectId: entry.subject.id,
      reason: entry.reason ?? null,
      change: entry.change ?? null,
    } as QueryDeepPartialEntity<AuditEntry>);
  }

  async forSubject(type: string, id: string): Promise<AuditEntry[]> {
    return this.tx.manager.find(AuditEntry, { where: { subjectType: type, subjectId: id }, order: { id: 'ASC' } });
  }
}
