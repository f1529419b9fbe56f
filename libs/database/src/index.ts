import { AuditEntry } from './audit/audit-entry.entity';
import { WorkerHeartbeat } from './heartbeat.entity';
import { OutboxEvent } from './outbox/outbox-event.entity';

export * from './embedded/embedded-postgres';
export * from './snake-naming.strategy';
export * from './money.column';
export * from './transaction-host';
export * from './data-source-options';
export * from './schema-drift';
export * from './database.module';
export * from './outbox/outbox-event.entity';
export * from './outbox/outbox.service';
export * from './outbox/outbox-relay';
export * from './audit/audit-entry.entity';
export * from './audit/audit-log.service';
export * from './heartbeat.entity';
export { MIGRATIONS } from './migrations';

export const DATABASE_ENTITIES = [OutboxEvent, AuditEntry, WorkerHeartbeat];
