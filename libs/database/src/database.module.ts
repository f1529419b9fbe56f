import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from '@kinwell/kernel';
import { AuditLog } from './audit/audit-log.service';
import { dataSourceOptions, DatabaseSettings } from './data-source-options';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxService } from './outbox/outbox.service';
import { TransactionHost } from './transaction-host';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(settings), retryAttempts: 3, retryDelay: 1000 })],
      providers: [{ provide: Clock, useClass: SystemClock }, TransactionHost, OutboxService, OutboxRelay, AuditLog],
      exports: [Clock, TransactionHost, OutboxService, OutboxRelay, AuditLog],
    };
  }
}
