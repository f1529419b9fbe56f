import { Field, ObjectType } from '@nestjs/graphql';
import { Money } from '../money';
import { SafeIntScalar } from './safe-int.scalar';

@ObjectType('Money', { description: 'An amount in integer pence, with its en-GB display form' })
export class MoneyModel {
  @Field(() => SafeIntScalar)
  pence!: number;

  @Field(() => String, { description: 'e.g. "£1,234.50"' })
  formatted!: string;

  @Field(() => String)
  currency!: string;

  static from(money: Money): MoneyModel {
    return Object.assign(new MoneyModel(), { pence: money.pence, formatted: money.format(), currency: money.currency });
  }
}
