import { Money } from '@kinwell/kernel';
import { MoneyModel } from '@kinwell/kernel/graphql';

export const money = (m: Money | null) => (m ? MoneyModel.from(m) : null);
