import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig, ConfigModule } from '@kinwell/config';
import { DirectoryModule } from '@kinwell/directory';
import { DirectoryGraphqlModule } from '@kinwell/directory/graphql';
import { AccessGuard, IdentityModule, RateLimitGuard } from '@kinwell/identity';
import { IdentityGraphqlModule } from '@kinwell/identity/graphql';
import { SearchModule } from '@kinwell/search';
import { SearchGraphqlModule } from '@kinwell/search/graphql';
import { PersistenceModule } from '@kinwell/platform';
import { PaymentsModule } from '@kinwell/payments';
import { PaymentsGraphqlModule } from '@kinwell/payments/graphql';
import { PlansModule } from '@kinwell/plans';
import { PlansGraphqlModule } from '@kinwell/plans/graphql';
import { ReconciliationModule } from '@kinwell/reconciliation';
import { ReconciliationGraphqlModule } from '@kinwell/reconciliation/graphql';
import { InsightsModule } from '@kinwell/insights';
import { InsightsGraphqlModule } from '@kinwell/insights/graphql';
import { DateTimeScalar } from '@kinwell/kernel/graphql';
import { clientErrorStatusPlugin, formatGraphqlError } from './graphql/format-error';
import { HttpErrorFilter } from './graphql/http-error.filter';
import { createValidationPipe } from './graphql/validation.pipe';
import { inputGuardPlugin } from './graphql/input-guard.plugin';
import { queryCostPlugin, queryLimitRules } from './graphql/query-limits';
import { GraphqlRateLimitMiddleware } from './graphql/rate-limit.middleware';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { HomeController } from './home/home.controller';
import { OrukAccessMiddleware } from './oruk/oruk-access.middleware';
import { OrukController } from './oruk/oruk.controller';
import { InsightsController } from './insights/insights.controller';
import { ReceiptsController } from './receipts/receipts.controller';
import { StatementsController } from './statements/statements.controller';
import { StripeWebhookController } from './webhooks/stripe-webhook.controller';

/** Structured logs with a request id; credentials and tokens are redacted and bodies never logged. */
export function loggerModule(config: AppConfig, destination?: DestinationStream): DynamicModule {
  const options: Options = {
    level: config.logLevel,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.accessToken'],
      censor: '[redacted]',
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Readable lines for a person at a terminal in development; JSON everywhere else, for log collectors.
    ...(config.env === 'development' && !destination
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true } } }
      : {}),
  };
  return LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options });
}

// Enough for any query Kinwell's clients send; a document of thousands of tokens is refused while parsing.
const MAX_TOKENS = 5_000;

@Module({})
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GraphqlRateLimitMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
    consumer
      .apply(OrukAccessMiddleware)
      .forRoutes({ path: 'oruk', method: RequestMethod.ALL }, { path: 'oruk/{*path}', method: RequestMethod.ALL });
  }

  static forRoot(config: AppConfig, databaseUrl: string, logDestination?: DestinationStream): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, logDestination),
        PersistenceModule.forRoot(databaseUrl, config.database.poolSize, 'kinwell-api'),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
          // In production the schema is not handed to strangers: no introspection, no "did you mean" hints.
          introspection: config.graphql.introspection,
          hideSchemaDetailsFromClientErrors: config.isProduction,
          parseOptions: { maxTokens: MAX_TOKENS },
          validationRules: queryLimitRules(config.graphql),
          // Kinwell has no subscriptions; persisted queries are not offered, so a hash is a client mistake, not a cache miss.
          persistedQueries: false,
          plugins: [
            config.isProduction
              ? ApolloServerPluginLandingPageProductionDefault()
              : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
            queryCostPlugin(config.graphql),
            inputGuardPlugin(),
            clientErrorStatusPlugin(),
          ],
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: formatGraphqlError,
        }),
        IdentityModule,
        IdentityGraphqlModule,
        DirectoryModule,
        DirectoryGraphqlModule,
        SearchModule,
        SearchGraphqlModule,
        PlansModule,
        PlansGraphqlModule,
        PaymentsModule,
        PaymentsGraphqlModule,
        ReconciliationModule,
        ReconciliationGraphqlModule,
        InsightsModule,
        InsightsGraphqlModule,
      ],
      controllers: [
        HomeController,
        HealthController,
        OrukController,
        StripeWebhookController,
        StatementsController,
        ReceiptsController,
        InsightsController,
      ],
      providers: [
        // Global to every resolver and controller, declared here where the app is composed: who may call (failing
        // closed when a handler declares nobody), then how often; inputs validated; every error mapped once.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        HealthService,
      ],
    };
  }
}
