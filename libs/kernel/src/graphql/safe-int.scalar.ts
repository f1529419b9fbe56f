import { GraphQLScalarType, Kind } from 'graphql';

function toSafeInt(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TypeError('SafeInt must be a whole number between -(2^53-1) and 2^53-1');
  }
  return n;
}

/** Whole numbers beyond GraphQL Int's 32 bits (pence totals), still never floats. */
export const SafeIntScalar = new GraphQLScalarType({
  name: 'SafeInt',
  description: 'A whole number up to 2^53-1, used for amounts in pence',
  serialize: toSafeInt,
  parseValue: toSafeInt,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new TypeError('SafeInt must be a whole number');
    return toSafeInt(Number(ast.value));
  },
});
