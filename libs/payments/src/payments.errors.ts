import { DomainError } from '@kinwell/kernel';

/** Why buying, paying or changing a purchase was refused: a person's expected outcome, not a fault. */
export type PurchaseRefusalKind = 'item_not_approved' | 'already_purchased' | 'nothing_committed' | 'purchase_not_open' | 'no_live_card';

/**
 * Thrown by the purchasing use cases, so the surrounding transaction rolls back, and turned into
 * the mutation's result union at the edge (the GraphQL resolver, the web page).
 */
export class PurchaseRefused extends DomainError {
  constructor(
    readonly kind: PurchaseRefusalKind,
    message: string,
  ) {
    super('PURCHASE_REFUSED', message);
  }
}
