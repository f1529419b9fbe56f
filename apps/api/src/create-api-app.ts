import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { AppConfig } from '@kinwell/config';
import { prepareHttpApp } from '@kinwell/platform';
import { configureWeb } from '../../web/src/configure-web';
import { pageSecurityHeaders } from '../../web/src/core/security-headers';
import { ApiModule } from './api.module';

// The Apollo sandbox at GET /graphql loads its UI from Apollo's CDN.
const SANDBOX_CDN = 'https://embeddable-sandbox.cdn.apollographql.com';

/** Builds the API exactly as `npm start` runs it; tests use the same function. */
export async function createApiApp(config: AppConfig, databaseUrl: string, logDestination?: DestinationStream): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, databaseUrl, logDestination), {
    bufferLogs: true,
    rawBody: true,
  });
  prepareHttpApp(app);
  const sandbox = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'", SANDBOX_CDN],
        styleSrc: ["'self'", "'unsafe-inline'", SANDBOX_CDN, 'https://fonts.googleapis.com'],
        fontSrc: ["'self'", 'https://fonts.gstatic.com', SANDBOX_CDN],
        imgSrc: ["'self'", 'data:', SANDBOX_CDN],
        frameSrc: ["'self'", 'https://sandbox.embed.apollographql.com'],
        connectSrc: ["'self'", SANDBOX_CDN],
        manifestSrc: ["'self'", SANDBOX_CDN],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // HSTS only where Kinwell is served over HTTPS, so local http://localhost keeps working.
    strictTransportSecurity: config.isProduction,
  });
  // Only the GraphQL sandbox may load Apollo's scripts; every other response, pages above all, gets the nonce policy.
  const pages = pageSecurityHeaders(config);
  app.use((req: Request, res: Response, next: NextFunction) => (req.path === '/graphql' ? sandbox : pages)(req, res, next));
  if (config.web.enabled) configureWeb(app);
  app.enableShutdownHooks();
  return app;
}
