import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, OrganisationMember, Principal, Role, Roles } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { PurchasingService } from '../purchasing.service';
import { CardModel, PurchaseModel, SimulatedPurchaseModel } from './payments.models';
import { toCard, toPurchase } from './payments.mappers';

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
