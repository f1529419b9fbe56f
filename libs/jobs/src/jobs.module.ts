import { DynamicModule, Global, Module } from '@nestjs/common';
import { JOB_ENGINE_OPTIONS, JobEngine, JobEngineOptions } from './job-engine';

@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobEngineOptions): DynamicModule {
    return { module: JobsModule, providers: [{ provide: JOB_ENGINE_OPTIONS, useValue: options }, JobEngine], exports: [JobEngine] };
  }
}
