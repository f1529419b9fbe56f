import { MoneyModel } from '@kinwell/kernel/graphql';
import { IssuedCard, PurchaseIntent } from '../payments.entities';
import { CardModel, PurchaseModel } from './payments.models';

// Class instances, not plain objects: GraphQL tells a union's members apart by their class.
export const toCard = (c: IssuedCard): CardModel =>
  Object.assign(new CardModel(), {
    last4: c.last4,
    expMonth: c.expMonth,
    expYear: c.expYear,
    spendingLimit: MoneyModel.from(c.spendingLimit),
    blockedCategories: c.blockedCategories,
    status: c.status,
    issuer: c.issuer,
  });
export const toPurchase = (i: PurchaseIntent, card: IssuedCard | null = null): PurchaseModel =>
  Object.assign(new PurchaseModel(), {
    id: i.id,
    planItemId: i.planItemId,
    method: i.method,
    status: i.status,
    approved: MoneyModel.from(i.approved),
    expiresAt: i.expiresAt,
    paymentReference: i.paymentReference,
    card: card ? toCard(card) : null,
  });
