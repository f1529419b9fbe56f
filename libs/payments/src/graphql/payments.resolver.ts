import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, OrganisationMember, Principal, Role, Roles } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { PurchasingService } from '../purchasing.service';
import { ErrorResult } from '@kinwell/kernel/graphql';
import { PurchaseRefused } from '../payments.errors';
import {
  CardFreezeResult,
  PurchaseModel,
  PurchaseResult,
  PurchaseUnion,
  PurchaseUpdateResult,
  REFUSAL_TYPES,
  SimulatedPurchaseModel,
} from './payments.models';
import { toCard, toPurchase } from './payments.mappers';

/**
 * Runs a purchasing use case and answers with its union: what it made, or the refusal it met. A
 * refusal the union does not list is a fault (the schema would be lying), so it is not caught.
 */
async function refusable<T, M>(union: PurchaseUnion, work: () => Promise<T>, map: (value: T) => M): Promise<M | ErrorResult> {
  try {
    return map(await work());
  } catch (error) {
    if (!(error instanceof PurchaseRefused) || !union.kinds.includes(error.kind)) throw error;
    return Object.assign(new REFUSAL_TYPES[error.kind](), { message: error.message });
  }
}

@Resolver()
export class PaymentsResolver {
  constructor(private readonly purchasing: PurchasingService) {}

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseResult.type, { description: 'Issue a single-use virtual card for an approved item (limit = approved amount)' })
  buyWithCard(@Args('itemId', { type: () => ID }) itemId: string, @CurrentUser() principal: Principal) {
    return refusable(
      PurchaseResult,
      () => this.purchasing.buyWithCard(principal, itemId),
      ({ intent, card }) => toPurchase(intent, card),
    );
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseResult.type, { description: 'Order an approved directory offering from its provider, to pay on invoice' })
  orderByInvoice(@Args('itemId', { type: () => ID }) itemId: string, @CurrentUser() principal: Principal) {
    return refusable(
      PurchaseResult,
      () => this.purchasing.orderByInvoice(principal, itemId),
      (intent) => toPurchase(intent),
    );
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseUpdateResult.type)
  markInvoicePaid(
    @Args('purchaseId', { type: () => ID }) purchaseId: string,
    @Args('paymentReference', { type: () => String }) reference: string,
    @CurrentUser() principal: Principal,
  ) {
    return refusable(
      PurchaseUpdateResult,
      () => this.purchasing.markInvoicePaid(principal, purchaseId, reference),
      (intent) => toPurchase(intent),
    );
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseResult.type, { description: 'Pay an approved item to the holder as a direct payment' })
  payDirect(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('paymentReference', { type: () => String }) reference: string,
    @CurrentUser() principal: Principal,
  ) {
    return refusable(
      PurchaseResult,
      () => this.purchasing.payDirect(principal, itemId, reference),
      (intent) => toPurchase(intent),
    );
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => PurchaseUpdateResult.type, { description: 'Cancel an open purchase: the card stops and the money is released' })
  cancelPurchase(@Args('purchaseId', { type: () => ID }) purchaseId: string, @CurrentUser() principal: Principal) {
    return refusable(
      PurchaseUpdateResult,
      () => this.purchasing.cancel(principal, purchaseId),
      (intent) => toPurchase(intent),
    );
  }

  @Roles(Role.BrokerStaff)
  @Mutation(() => CardFreezeResult.type)
  setCardFrozen(
    @Args('purchaseId', { type: () => ID }) purchaseId: string,
    @Args('frozen', { type: () => Boolean }) frozen: boolean,
    @CurrentUser() principal: Principal,
  ) {
    return refusable(CardFreezeResult, () => this.purchasing.setCardFrozen(principal, purchaseId, frozen), toCard);
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
