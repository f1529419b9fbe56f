import 'reflect-metadata';
import { loadConfig } from '@kinwell/config';
import { prepareDatabase, runMain } from '@kinwell/platform';
import { createWebApp } from './create-web-app';

// `npm run start:web`: only the pages, on PORT; the API and worker run elsewhere, against the same DATABASE_URL.
runMain(async (log) => {
  const config = loadConfig();
  const database = await prepareDatabase(config, log);
  const app = await createWebApp(config, database.url);
  await app.listen(config.http.port, config.http.host);
  log(`Kinwell's pages are running at ${config.http.publicUrl}/`);
  return async () => {
    await app.close();
    await database.stop();
  };
});
