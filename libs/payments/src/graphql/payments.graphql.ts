import { Args, Field, ID, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { Module } from '@nestjs/common';
import { CurrentUser, OrganisationMember, Principal, Role, Roles } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { MoneyModel } from '@kinwell/kernel/graphql';
import { PaymentsModule } from '../payments.module';
import { CardStatus, IntentStatus, IssuedCard, PaymentMethodKind, PurchaseIntent } from '../payments.entities';
import { PurchasingService } from '../purchasing.service';

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

const toCard = (c: IssuedCard): CardModel => ({
  last4: c.last4,
  expMonth: c.expMonth,
  expYear: c.expYear,
  spendingLimit: MoneyModel.from(c.spendingLimit),
  blockedCategories: c.blockedCategories,
  status: c.status,
  issuer: c.issuer,
});
const toPurchase = (i: PurchaseIntent, card: IssuedCard | null = null): PurchaseModel => ({
  id: i.id,
  planItemId: i.planItemId,
  method: i.method,
  status: i.status,
  approved: MoneyModel.from(i.approved),
  expiresAt: i.expiresAt,
  paymentReference: i.paymentReference,
  card: card ? toCard(card) : null,
});

@Resolver()
export class PaymentsResolver {
  constructor(private readonly purchasing: PurchasingService) {}

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseModel, { description: 'Issue a single-use virtual card for an approved item (limit = approved amount)' })
  async buyWithCard(@Args('itemId', { type: () => ID }) itemId: string, @CurrentUser() principal: Principal) {
    const { intent, card } = await this.purchasing.buyWithCard(principal, itemId);
    return toPurchase(intent, card);
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseModel, { description: 'Order an approved directory offering from its provider, to pay on invoice' })
  async orderByInvoice(@Args('itemId', { type: () => ID }) itemId: string, @CurrentUser() principal: Principal) {
    return toPurchase(await this.purchasing.orderByInvoice(principal, itemId));
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseModel)
  async markInvoicePaid(
    @Args('purchaseId', { type: () => ID }) purchaseId: string,
    @Args('paymentReference', { type: () => String }) reference: string,
    @CurrentUser() principal: Principal,
  ) {
    return toPurchase(await this.purchasing.markInvoicePaid(principal, purchaseId, reference));
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseModel, { description: 'Pay an approved item to the holder as a direct payment' })
  async payDirect(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('paymentReference', { type: () => String }) reference: string,
    @CurrentUser() principal: Principal,
  ) {
    return toPurchase(await this.purchasing.payDirect(principal, itemId, reference));
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseModel, { description: 'Cancel an open purchase: the card stops and the money is released' })
  async cancelPurchase(@Args('purchaseId', { type: () => ID }) purchaseId: string, @CurrentUser() principal: Principal) {
    return toPurchase(await this.purchasing.cancel(principal, purchaseId));
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => CardModel)
  async setCardFrozen(
    @Args('purchaseId', { type: () => ID }) purchaseId: string,
    @Args('frozen', { type: () => Boolean }) frozen: boolean,
    @CurrentUser() principal: Principal,
  ) {
    return toCard(await this.purchasing.setCardFrozen(principal, purchaseId, frozen));
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => SimulatedPurchaseModel, { description: 'Sandbox only: try the card at a merchant (category as Stripe names it)' })
  async simulateCardPurchase(
    @Args('purchaseId', { type: () => ID }) purchaseId: string,
    @Args('merchantName', { type: () => String }) merchantName: string,
    @Args('merchantCategory', { type: () => String }) merchantCategory: string,
    @Args('amountPence', { type: () => Int }) amountPence: number,
    @CurrentUser() principal: Principal,
  ) {
    if (amountPence <= 0 || merchantName.length > 200 || !/^[a-z_]{3,80}$/.test(merchantCategory)) {
      throw DomainError.validation([
        {
          field: amountPence <= 0 ? 'amountPence' : merchantName.length > 200 ? 'merchantName' : 'merchantCategory',
          message: 'not a possible card purchase',
        },
      ]);
    }
    return this.purchasing.simulateCardPurchase(principal, purchaseId, merchantName, merchantCategory, Money.ofPence(amountPence));
  }

  @OrganisationMember('providerId', Role.ProviderStaff)
  @Query(() => [PurchaseModel], { description: 'Orders placed with your organisation, and whether they are paid' })
  async providerOrders(@Args('providerId', { type: () => ID }) providerId: string, @CurrentUser() principal: Principal) {
    return (await this.purchasing.invoicesForProvider(principal, providerId)).map((i) => toPurchase(i));
  }
}

@Module({ imports: [PaymentsModule], providers: [PaymentsResolver] })
export class PaymentsGraphqlModule {}
