import { Injectable } from '@nestjs/common';
import { Organisation } from '@kinwell/identity';
import { Holder, PlanGoal, PlanItem, PlanReview, SupportPlan } from './plans.entities';
import { PlansRepository } from './plans.repository';

/**
 * What other contexts may ask of plans (payments, reconciliation, the API's statement pages):
 * a few reads, and the one fact they record on a plan, its first payment. Not the repository.
 */
@Injectable()
export class PlanLookup {
  constructor(private readonly repository: PlansRepository) {}

  findPlan(id: string): Promise<SupportPlan | null> {
    return this.repository.findPlan(id);
  }

  findHolder(id: string): Promise<Holder | null> {
    return this.repository.findHolder(id);
  }

  findOrganisation(id: string): Promise<Organisation | null> {
    return this.repository.findOrganisation(id);
  }

  goals(planId: string): Promise<PlanGoal[]> {
    return this.repository.goals(planId);
  }

  items(planId: string): Promise<PlanItem[]> {
    return this.repository.items(planId);
  }

  findItems(ids: readonly string[]): Promise<PlanItem[]> {
    return this.repository.findItems(ids);
  }

  reviews(planId: string): Promise<PlanReview[]> {
    return this.repository.reviews(planId);
  }

  /** Locks an item for a purchase being opened against it, until the transaction ends. */
  lockItem(id: string): Promise<PlanItem | null> {
    return this.repository.lockItem(id);
  }

  /** The plan's timeline records when money first reached the holder's support. */
  async recordFirstPayment(planId: string, at: Date): Promise<void> {
    const plan = await this.repository.findPlan(planId);
    if (plan && !plan.firstPaymentAt) await this.repository.updatePlan(planId, { firstPaymentAt: at });
  }
}
