import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@kinwell/config';
import { DirectoryModule } from '@kinwell/directory';
import { PersistenceModule } from '@kinwell/platform';
import { PaymentsModule } from '@kinwell/payments';
import { ReconciliationModule } from '@kinwell/reconciliation';
import { ReceiptRemindersJob } from './jobs/receipt-reminders.job';
import { InsightsRefreshJob } from './jobs/insights-refresh.job';
import { SearchModule } from '@kinwell/search';
import { PurchaseExpiryJob } from './jobs/purchase-expiry.job';
import { CardSweepJob } from './jobs/card-sweep.job';
import { DirectorySweepJob } from './jobs/directory-sweep.job';
import { HeartbeatJob } from './jobs/heartbeat.job';
import { OutboxRelayJob } from './jobs/outbox-relay.job';
import { OutboxPruneJob } from './jobs/outbox-prune.job';
import { SearchIndexJob } from './jobs/search-index.job';
import { NotificationDeliveryJob } from './jobs/notification-delivery.job';
import { NotificationsModule } from '@kinwell/notifications';
import { PlansModule } from '@kinwell/plans';
import { InsightsModule } from '@kinwell/insights';
import { DailyNoticesJob, SignOffDeadlinesJob, WeeklyDigestJob } from './jobs/notice-sweeps.job';

/** No HTTP and no Apollo: background jobs only. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        PersistenceModule.forRoot(databaseUrl, Math.max(2, Math.ceil(config.database.poolSize / 2)), 'kinwell-worker', true),
        DirectoryModule,
        SearchModule,
        PaymentsModule,
        ReconciliationModule,
        NotificationsModule,
        PlansModule,
        InsightsModule,
      ],
      providers: [
        OutboxRelayJob,
        OutboxPruneJob,
        HeartbeatJob,
        SearchIndexJob,
        DirectorySweepJob,
        PurchaseExpiryJob,
        CardSweepJob,
        ReceiptRemindersJob,
        InsightsRefreshJob,
        NotificationDeliveryJob,
        SignOffDeadlinesJob,
        DailyNoticesJob,
        WeeklyDigestJob,
      ],
    };
  }
}
