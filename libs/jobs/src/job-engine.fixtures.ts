import { JobSpec } from './job-engine';

/** A queue for job-engine.db-spec.ts and its worker process: a job left running 2 s is presumed lost. */
export const SLOW_JOB: JobSpec = { name: 'test-slow', retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 2 };
