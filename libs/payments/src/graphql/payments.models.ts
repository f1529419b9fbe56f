import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MoneyModel } from '@kinwell/kernel/graphql';
import { CardStatus, IntentStatus, PaymentMethodKind } from '../payments.entities';

registerEnumType(PaymentMethodKind, { name: 'PaymentMethodKind' });
registerEnumType(IntentStatus, { name: 'PurchaseStatus' });
registerEnumType(CardStatus, { name: 'CardStatus' });

@ObjectType('VirtualCard', { description: 'A single-use card bound to one approved item' })
export class CardModel {
  @Field(() => String) last4!: string;
  @Field(() => Int) expMonth!: number;
  @Field(() => Int) expYear!: number;
  @Field(() => MoneyModel) spendingLimit!: MoneyModel;
  @Field(() => [String]) blockedCategories!: string[];
  @Field(() => CardStatus) status!: CardStatus;
  @Field(() => String) issuer!: string;
}

@ObjectType('Purchase')
export class PurchaseModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) planItemId!: string;
  @Field(() => PaymentMethodKind) method!: PaymentMethodKind;
  @Field(() => IntentStatus) status!: IntentStatus;
  @Field(() => MoneyModel) approved!: MoneyModel;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => String, { nullable: true }) paymentReference!: string | null;
  @Field(() => CardModel, { nullable: true }) card!: CardModel | null;
}

@ObjectType('SimulatedPurchase')
export class SimulatedPurchaseModel {
  @Field(() => Boolean) approved!: boolean;
  @Field(() => String, { nullable: true, description: 'Why it was declined' }) reason!: string | null;
}
