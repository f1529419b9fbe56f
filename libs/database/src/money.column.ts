import { Money } from '@kinwell/kernel';
import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

export const moneyTransformer: ValueTransformer = {
  to: (value: Money | null | undefined) => (value == null ? value : String(value.pence)),
  // pg returns bigint as a string; Money.ofPence refuses anything beyond a safe integer.
  from: (value: string | null) => (value == null ? value : Money.ofPence(value)),
};

/** A `bigint` column of pence, read and written as Money. Name the property `...Pence`-free; the column ends `_pence`. */
export function MoneyColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> & { name: `${string}_pence` }): PropertyDecorator {
  return Column({ ...options, type: 'bigint', transformer: moneyTransformer });
}
