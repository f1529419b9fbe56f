// Test helper, run by embedded-postgres.db-spec.ts in its own Node process through run-ts.js:
// starts the embedded server and prints its messages and URL as JSON lines.
import { startEmbeddedPostgres } from './embedded-postgres';

const [dir, port, mode] = process.argv.slice(2);
startEmbeddedPostgres({
  dir,
  port: Number(port),
  database: 'probe',
  durable: false,
  log: (m) => console.log(JSON.stringify({ log: m })),
}).then(
  async (server) => {
    console.log(JSON.stringify({ url: server.url }));
    if (mode === 'stop') {
      await server.stop();
      process.exit(0);
    }
    setInterval(() => undefined, 1000); // stay up until killed
  },
  (error: Error) => {
    console.log(JSON.stringify({ error: error.message, name: error.name }));
    process.exit(1);
  },
);
