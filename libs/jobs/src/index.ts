export * from './job-engine';
export * from './jobs.module';
