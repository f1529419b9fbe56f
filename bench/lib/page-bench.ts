import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppConfig, loadConfig } from '@kinwell/config';
import type { Figures } from './measure';

/** The API with the pages, as the page benchmarks run it: no request limits in the way of the load. */
export function pageBenchConfig(url: string): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '10',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_PERSON_PER_MINUTE: '1000000',
    FORM_POSTS_PER_MINUTE: '1000000',
    DEMAND_PER_CLIENT_PER_HOUR: '0',
  });
}

/** A closed loop of HTTP requests for `seconds`, on its own thread so the client does not share the server's event loop. */
export function httpLoad(
  job: { url: string; concurrency: number; bodies?: string[]; headers?: Record<string, string>; html?: boolean },
  seconds: number,
): Promise<Figures> {
  return new Promise((done, fail) => {
    const worker = new Worker(resolve(__dirname, 'http-load.worker.js'), { workerData: { ...job, durationMs: seconds * 1000 } });
    worker.once('message', done);
    worker.once('error', fail);
  });
}
