import { Type } from '@nestjs/common';
import { createUnionType, Field, InterfaceType, ObjectType } from '@nestjs/graphql';

/**
 * Every expected business failure returned in a result union implements this,
 * so clients can branch on __typename and always show `message`.
 */
@InterfaceType('ErrorResult')
export abstract class ErrorResult {
  @Field(() => String, { description: 'Stable, machine-readable code' })
  errorCode!: string;

  @Field(() => String, { description: 'Plain-language explanation, safe to show the user' })
  message!: string;
}

/** A GraphQL error type for a business failure that carries only its code and message. */
export function errorResultType(name: string, code: string, description?: string): new () => ErrorResult {
  @ObjectType(name, { implements: () => [ErrorResult], description })
  class BusinessError implements ErrorResult {
    @Field(() => String) errorCode = code;
    @Field(() => String) message!: string;
  }
  return BusinessError;
}

/** A mutation's result: what it makes, or one of the failures it can actually return, and no others. */
export interface FailureUnion<K extends string> {
  type: ReturnType<typeof createUnionType>;
  kinds: readonly K[];
}

/**
 * Builds a mutation's union from its success type and the failure kinds it can return, each kind
 * becoming its error type through the context's one mapping table.
 */
export function failureUnion<K extends string>(
  table: Record<K, new () => ErrorResult>,
  name: string,
  success: () => Type<unknown>,
  kinds: readonly K[],
  description?: string,
): FailureUnion<K> {
  const errors = [...new Set(kinds.map((k) => table[k]))];
  return { kinds, type: createUnionType({ name, description, types: () => [success(), ...errors] as const }) };
}
