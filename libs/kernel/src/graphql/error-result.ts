import { Field, InterfaceType, ObjectType } from '@nestjs/graphql';

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
