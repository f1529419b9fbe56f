import { HttpException, Logger } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLFormattedError } from 'graphql';
import { DomainError } from '@kinwell/kernel';
import { codeOfStatus, INTERNAL_MESSAGE } from './http-error.filter';

const logger = new Logger('GraphQL');

// Codes for a request the client got wrong: passed through as they are and logged below error level.
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'OPERATION_NOT_SUPPORTED',
]);

/**
 * Maps every error leaving /graphql once: DomainErrors keep their code, message and
 * field problems; a client's mistake keeps its code; anything unexpected is logged and
 * shown as a generic INTERNAL error so internals never reach the client.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, ...(original.fields.length ? { fields: original.fields } : {}) },
    };
  }
  if (original instanceof HttpException) {
    const code = codeOfStatus(original.getStatus());
    if (code !== 'INTERNAL') return { ...base, message: original.message, extensions: { code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    const { code: _code, stacktrace: _stack, ...details } = formatted.extensions ?? {};
    logger.debug(`${code}: ${formatted.message}`);
    return { ...base, extensions: { code, ...details } };
  }
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return { ...base, message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL' } };
}

/**
 * A request Apollo refused before running it (no `data` in the answer) is the client's mistake:
 * some of Apollo's own refusals, such as an unsupported persisted query, still answer 200.
 */
export function clientErrorStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single' && !('data' in response.body.singleResult) && (response.http.status ?? 200) === 200)
            response.http.status = 400;
        },
      };
    },
  };
}
