import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigModule } from '@kinwell/config';
import { AccessGuard, IdentityModule, RateLimitGuard } from '@kinwell/identity';
import { loggerModule, PersistenceModule, prepareHttpApp } from '@kinwell/platform';
import { configureWeb } from './configure-web';
import { pageSecurityHeaders } from './core/security-headers';
import { WebModule } from './web.module';

/** The pages alone, without /graphql: for running several web processes behind a load balancer. */
@Module({})
class WebAppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WebAppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config),
        PersistenceModule.forRoot(databaseUrl, config.database.poolSize, 'kinwell-web'),
        // The global guards below are resolved here, so what they need is imported here.
        IdentityModule,
        WebModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}

export async function createWebApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(WebAppModule.forRoot(config, databaseUrl), {
    bufferLogs: true,
    // A wiring mistake is thrown to the caller (and shown), not answered with process.exit.
    abortOnError: false,
  });
  prepareHttpApp(app);
  app.use(pageSecurityHeaders(config));
  configureWeb(app);
  app.enableShutdownHooks();
  return app;
}
