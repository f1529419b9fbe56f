import { ConfigError } from '@kinwell/config';
import { EmbeddedPostgresError } from '@kinwell/database';

type Stop = () => Promise<void>;

/** Runs a process entry point: clear messages for known start-up failures, clean shutdown on signals. */
export function runMain(start: (log: (message: string) => void) => Promise<Stop>): void {
  const log = (message: string) => process.stdout.write(`${message}\n`);
  start(log).then(
    (stop) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(`Received ${signal}; shutting down.`);
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    },
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof EmbeddedPostgresError) console.error(`\n${error.message}\n`);
      else console.error('Kinwell failed to start:', error);
      process.exit(1);
    },
  );
}
