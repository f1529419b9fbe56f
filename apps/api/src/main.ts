import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@kinwell/config';
import { seedDemoData } from '@kinwell/demo';
import { prepareDatabase, runMain } from '@kinwell/platform';
import { createWorker } from '../../worker/src/create-worker';
import { createApiApp } from './create-api-app';

runMain(async (log) => {
  const config = loadConfig();
  const database = await prepareDatabase(config, log);
  const app = await createApiApp(config, database.url);
  if (config.seedDemo) {
    const seeded = await seedDemoData(app);
    if (seeded) log(`[database] Seeded the demo area: ${seeded}.`);
  }
  let worker: INestApplicationContext | undefined;
  if (config.worker.inProcess) worker = await createWorker(config, database.url);
  await app.listen(config.http.port, config.http.host);

  const base = config.http.publicUrl;
  log(`Kinwell is running at ${base}/`);
  log(`  Pages:    ${base}/`);
  log(`  GraphQL:  ${base}/graphql`);
  log(`  Health:   ${base}/health`);
  log(`  Worker:   ${worker ? 'running in this process' : 'not in this process (start it with npm run start:worker)'}`);
  if (config.seedDemo) log(`  Demo accounts are listed at ${base}/sign-in (password "kinwell-demo").`);

  return async () => {
    await app.close();
    await worker?.close();
    await database.stop();
  };
});
