import 'reflect-metadata';
import { loadConfig } from '@kinwell/config';
import { seedDemoData } from '@kinwell/demo';
import { prepareDatabase, runMain } from '@kinwell/platform';
import { createWorker } from './create-worker';

runMain(async (log) => {
  const config = loadConfig();
  const database = await prepareDatabase(config, log);
  const worker = await createWorker(config, database.url);
  if (config.seedDemo) {
    const seeded = await seedDemoData(worker);
    if (seeded) log(`[database] Seeded the demo area: ${seeded}.`);
  }
  log('Kinwell worker is running (outbox relay, job queues and schedules on pg-boss, heartbeat).');
  return async () => {
    await worker.close();
    await database.stop();
  };
});
