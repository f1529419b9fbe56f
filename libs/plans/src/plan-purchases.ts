import { AuditActor } from '@kinwell/database';
import { Money } from '@kinwell/kernel';

/**
 * What closing a plan needs from purchasing, which depends on plans (so plans cannot import it):
 * end every open purchase in the closing transaction, or say how much card money is still held
 * for a merchant, in which case the plan cannot close yet. Provided by the payments context.
 */
export abstract class PlanPurchases {
  abstract endForPlan(planId: string, actor: AuditActor): Promise<{ stillHeld: Money }>;
}
