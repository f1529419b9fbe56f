import { Plugin } from '@nestjs/apollo';
import { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimitedError, RequestThrottle, RequestWithPrincipal } from '@kinwell/identity';

type Context = { req: RequestWithPrincipal };

/**
 * Counts each /graphql request once against the per-client and per-person limits before it is
 * even parsed, so a flood of bad queries is limited too: a 429 with Retry-After past them.
 */
@Plugin()
export class GraphqlRateLimitPlugin implements ApolloServerPlugin<Context> {
  constructor(private readonly throttle: RequestThrottle) {}

  async requestDidStart({ contextValue }: GraphQLRequestContext<Context>): Promise<GraphQLRequestListener<Context>> {
    try {
      await this.throttle.check(contextValue.req, 'api');
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, retryAfterSeconds: error.retryAfterSeconds, http: { status: 429, headers: new HeaderMap([['retry-after', String(error.retryAfterSeconds)]]) } },
      });
    }
    return {};
  }
}
