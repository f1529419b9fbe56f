import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@kinwell/database';
import { JobsModule } from '@kinwell/jobs';
import { ENTITIES } from './entities';

@Module({})
export class PersistenceModule {
  /** `runsJobs`: this process works the job queues and keeps the schedules (the worker). */
  static forRoot(url: string, poolSize: number, applicationName: string, runsJobs = false): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [DatabaseModule.forRoot({ url, entities: ENTITIES, poolSize, applicationName }), JobsModule.forRoot({ runner: runsJobs })],
    };
  }
}
