import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';

/** What every Kinwell HTTP process sets up the same way: pino for Nest's logs, the proxy it trusts, no banner. */
export function prepareHttpApp(app: NestExpressApplication): void {
  app.useLogger(app.get(Logger));
  // Nest holds its start-up logs (and, without this, every later one) until the buffer is flushed.
  app.flushLogs();
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
}
