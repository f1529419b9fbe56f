import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@kinwell/config';
import { PersistenceModule } from '@kinwell/platform';
import { HeartbeatJob } from './jobs/heartbeat.job';
import { OutboxRelayJob } from './jobs/outbox-relay.job';

/** No HTTP and no Apollo: background jobs only. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        PersistenceModule.forRoot(databaseUrl, Math.max(2, Math.ceil(config.database.poolSize / 2)), 'kinwell-worker'),
      ],
      providers: [OutboxRelayJob, HeartbeatJob],
    };
  }
}
