import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  OperationTypeNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { AppConfig } from '@kinwell/config';
import { MAX_PAGE_SIZE } from '@kinwell/kernel';

/** A list without a `first` argument is priced as this many items. */
export const ASSUMED_LIST_LENGTH = 10;

const report = (message: string) => (context: ValidationContext | null) => context?.reportError(new GraphQLError(message));

/** Depth and alias limits, checked with the rest of validation before anything runs. */
export function queryLimitRules(limits: AppConfig['graphql']): ValidationRule[] {
  return [
    maxDepthRule({
      n: limits.maxDepth,
      propagateOnRejection: false,
      onReject: [report(`This query is nested too deeply: at most ${limits.maxDepth} levels are allowed. Ask for fewer levels.`)],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [report(`This query uses too many aliases: at most ${limits.maxAliases} are allowed. Send several requests instead.`)],
    }),
  ];
}

/**
 * One point per field, lists multiplied by their length (`first`, or ASSUMED_LIST_LENGTH), so
 * `offerings { service { offerings { ... } } }` costs what it would make the server do.
 */
const listAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  // Past MAX_PAGE_SIZE the resolver refuses the page itself, with a clearer message than a cost.
  const first = typeof args.first === 'number' ? Math.min(MAX_PAGE_SIZE, Math.max(0, args.first)) : undefined;
  if (first !== undefined) return 1 + first * childComplexity;
  const type = getNullableType(field.type);
  // A connection's `edges` are already priced by the connection's `first`.
  if (isListType(type) && isObjectType(getNamedType(type)) && field.name !== 'edges') return 1 + ASSUMED_LIST_LENGTH * childComplexity;
  return 1 + childComplexity;
};

/** Refuses, before execution, a subscription (there are none) and an operation that would cost more than the limit: a 400 with its cost. */
export function queryCostPlugin(limits: AppConfig['graphql']): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new GraphQLError('Kinwell has no subscriptions: send a query or a mutation.', {
              extensions: { code: 'OPERATION_NOT_SUPPORTED', http: { status: 400 } },
            });
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [listAwareEstimator],
            });
          } catch {
            // Variables that do not fit their types: execution refuses them before any resolver runs, naming the variable.
            return;
          }
          if (cost > limits.maxCost) {
            throw new GraphQLError(
              `This query asks for too much at once (cost ${cost}; the most is ${limits.maxCost}). Ask for fewer items or fewer levels.`,
              {
                extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: limits.maxCost, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}
