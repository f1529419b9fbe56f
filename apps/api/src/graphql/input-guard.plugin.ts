import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  DocumentNode,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  GraphQLID,
  GraphQLString,
} from 'graphql';
import { FieldProblem, isUuid, textProblem } from '@kinwell/kernel';

/**
 * Every String and ID a request carries, in literals and variables, at any depth of an input:
 * text must be text (no NUL, no control characters, no lone surrogates) and every ID a Kinwell
 * id. Checked once here, before any resolver, so no service and no SQL ever sees them.
 */
export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const problems = inputProblems(schema, document, request.variables ?? {});
          if (problems.length) {
            throw new GraphQLError(`Some values are not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
              extensions: { code: 'VALIDATION_FAILED', fields: problems, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

export function inputProblems(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return;
        check(valueFromAST(node.value, argument.type, variables), argument.type, node.name.value, problems);
      },
    }),
  );
  // The same argument under several aliases is one problem to fix.
  return problems.filter((p, i) => problems.findIndex((q) => q.field === p.field && q.message === p.message) === i);
}

function check(value: unknown, type: GraphQLInputType, path: string, problems: FieldProblem[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, i) => check(item, nullable.ofType, `${path}.${i}`, problems));
    else check(value, nullable.ofType, path, problems);
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return;
    for (const [name, field] of Object.entries(nullable.getFields()))
      check((value as Record<string, unknown>)[name], field.type, `${path}.${name}`, problems);
    return;
  }
  if (!isScalarType(nullable) || typeof value !== 'string') return;
  if (nullable.name === GraphQLID.name) {
    if (!isUuid(value)) problems.push({ field: path, message: 'must be an id Kinwell gave, such as 3f2c7a5e-1b2d-4c3e-9f40-2a6b8c9d0e1f' });
  } else if (nullable.name === GraphQLString.name) {
    const problem = textProblem(value);
    if (problem) problems.push({ field: path, message: problem });
  }
}
