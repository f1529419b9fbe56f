// Test helper, run by job-engine.db-spec.ts in its own Node process: a worker that takes one job of the
// `slow` queue, says so on stdout, and hangs, so the test can kill -9 it mid-job.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, TransactionHost } from '@kinwell/database';
import { JobEngine } from './job-engine';
import { SLOW_JOB } from './job-engine.fixtures';

async function main() {
  const dataSource = await new DataSource(dataSourceOptions({ url: process.argv[2], entities: [], poolSize: 2 })).initialize();
  const engine = new JobEngine(new TransactionHost(dataSource), dataSource, { runner: true, pollingIntervalSeconds: 0.5 });
  engine.handle(SLOW_JOB, async (data) => {
    process.stdout.write(`took ${String(data.n)}\n`);
    await new Promise(() => undefined);
  });
  await engine.onModuleInit();
  await engine.onApplicationBootstrap();
}
void main();
