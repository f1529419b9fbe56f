import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { DestinationStream } from 'pino';
import { AppConfig, ConfigModule } from '@kinwell/config';
import { DirectoryModule } from '@kinwell/directory';
import { DirectoryGraphqlModule } from '@kinwell/directory/graphql';
import { AccessGuard, IdentityModule, RateLimitGuard } from '@kinwell/identity';
import { IdentityGraphqlModule } from '@kinwell/identity/graphql';
import { SearchModule } from '@kinwell/search';
import { SearchGraphqlModule } from '@kinwell/search/graphql';
import { loggerModule, PersistenceModule } from '@kinwell/platform';
import { PaymentsModule } from '@kinwell/payments';
import { PaymentsGraphqlModule } from '@kinwell/payments/graphql';
import { PlansModule } from '@kinwell/plans';
import { PlansGraphqlModule } from '@kinwell/plans/graphql';
import { ReconciliationModule } from '@kinwell/reconciliation';
import { ReconciliationGraphqlModule } from '@kinwell/reconciliation/graphql';
import { NotificationsGraphqlModule } from '@kinwell/notifications/graphql';
import { InsightsModule } from '@kinwell/insights';
import { InsightsGraphqlModule } from '@kinwell/insights/graphql';
import { DateTimeScalar } from '@kinwell/kernel/graphql';
import { clientErrorStatusPlugin, formatGraphqlError } from './graphql/format-error';
import { HttpErrorFilter } from './graphql/http-error.filter';
import { createValidationPipe } from './graphql/validation.pipe';
import { inputGuardPlugin } from './graphql/input-guard.plugin';
import { queryCostPlugin, queryLimitRules } from './graphql/query-limits';
import { GraphqlRateLimitMiddleware } from './graphql/rate-limit.middleware';
import { WebModule } from '../../web/src/web.module';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { OrukAccessMiddleware } from './oruk/oruk-access.middleware';
import { OrukController } from './oruk/oruk.controller';
import { InsightsController } from './insights/insights.controller';
import { ReceiptsController } from './receipts/receipts.controller';
import { StatementsController } from './statements/statements.controller';
import { StripeWebhookController } from './webhooks/stripe-webhook.controller';

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
        NotificationsGraphqlModule,
        InsightsModule,
        InsightsGraphqlModule,
        ...(config.web.enabled ? [WebModule] : []),
      ],
      controllers: [
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
