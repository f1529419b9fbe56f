import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ErrorResult, errorResultType, FailureUnion, failureUnion, MoneyModel } from '@kinwell/kernel/graphql';
import { CardStatus, IntentStatus, PaymentMethodKind } from '../payments.entities';
import { Type } from '@nestjs/common';
import type { PurchaseRefusalKind } from '../payments.errors';

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

// ---- refusals ------------------------------------------------------------------------------

export const ItemNotApprovedError = errorResultType('ItemNotApprovedError', 'ITEM_NOT_APPROVED', 'Only an approved item can be bought');
export const AlreadyPurchasedError = errorResultType('AlreadyPurchasedError', 'ALREADY_PURCHASED', 'The item already has a purchase');
export const NothingCommittedError = errorResultType(
  'NothingCommittedError',
  'NOTHING_COMMITTED',
  'No money is committed for the item any more',
);
export const PurchaseNotOpenError = errorResultType('PurchaseNotOpenError', 'PURCHASE_NOT_OPEN', 'The purchase is no longer open');
export const NoLiveCardError = errorResultType('NoLiveCardError', 'NO_LIVE_CARD', 'The purchase has no live card');

/** Each refusal and the one GraphQL error type it becomes. */
export const REFUSAL_TYPES: Record<PurchaseRefusalKind, new () => ErrorResult> = {
  item_not_approved: ItemNotApprovedError,
  already_purchased: AlreadyPurchasedError,
  nothing_committed: NothingCommittedError,
  purchase_not_open: PurchaseNotOpenError,
  no_live_card: NoLiveCardError,
};

export type PurchaseUnion = FailureUnion<PurchaseRefusalKind>;
const purchaseUnion = (name: string, success: () => Type<unknown>, kinds: readonly PurchaseRefusalKind[], description?: string) =>
  failureUnion(REFUSAL_TYPES, name, success, kinds, description);

export const PurchaseResult = purchaseUnion(
  'PurchaseResult',
  () => PurchaseModel,
  ['item_not_approved', 'already_purchased', 'nothing_committed'],
  'Buying an approved item',
);
export const PurchaseUpdateResult = purchaseUnion(
  'PurchaseUpdateResult',
  () => PurchaseModel,
  ['purchase_not_open'],
  'Paying or cancelling a purchase',
);
export const CardFreezeResult = purchaseUnion('CardFreezeResult', () => CardModel, ['no_live_card']);
