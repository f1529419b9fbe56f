import 'reflect-metadata';
import { loadConfig } from '@kinwell/config';
import { prepareDatabase, runMain } from '@kinwell/platform';
import { createWorker } from './create-worker';

runMain(async (log) => {
  const config = loadConfig();
  const database = await prepareDatabase(config, log);
  const worker = await createWorker(config, database.url);
  log('Kinwell worker is running (outbox relay, heartbeat).');
  return async () => {
    await worker.close();
    await database.stop();
  };
});
