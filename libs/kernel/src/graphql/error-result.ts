import { Field, InterfaceType } from '@nestjs/graphql';

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
