import { Injectable } from '@nestjs/common';
import { DomainError, isUuid } from '@kinwell/kernel';
import { Principal, Role } from '@kinwell/identity';
import { Holder, SupportPlan } from './plans.entities';
import { PlansRepository } from './plans.repository';

/** What someone may do with a holder's plan and budget. */
export type HolderAccess = 'read' | 'plan' | 'speak_for_holder';

/**
 * Who may see a person: the holder; a carer or advocate while the holder's consent stands;
 * broker staff of the organisation supporting them; clinicians of their team. Commissioners
 * and panel members never see a person; they see only the items put to them for sign-off.
 */
@Injectable()
export class PlanAccess {
  constructor(private readonly repository: PlansRepository) {}

  /** The plan, if the person may see it (or, with 'plan', work on it). */
  async planFor(principal: Principal, planId: string, need: 'read' | 'plan' = 'read'): Promise<SupportPlan> {
    if (!isUuid(planId)) throw DomainError.notFound('That plan');
    const plan = await this.repository.findPlan(planId);
    if (!plan) throw DomainError.notFound('That plan');
    await this.holder(principal, plan.holderId, need);
    return plan;
  }

  /** The holder's record, if the person may see it. */
  holderFor(principal: Principal, holderId: string): Promise<Holder> {
    if (!isUuid(holderId)) throw DomainError.notFound('That person');
    return this.holder(principal, holderId, 'read');
  }

  async holder(principal: Principal, holderId: string, need: HolderAccess): Promise<Holder> {
    const holder = await this.repository.findHolder(holderId);
    if (!holder) throw DomainError.notFound('That person');
    if (!(await this.allows(principal, holder, need))) throw DomainError.forbidden('You do not support this person');
    return holder;
  }

  async allows(principal: Principal, holder: Holder, need: HolderAccess): Promise<boolean> {
    const speaksForHolder = holder.userId === principal.userId || (await this.isRepresentative(principal, holder));
    if (need === 'speak_for_holder') return speaksForHolder;
    if (speaksForHolder || principal.isPlatformAdmin) return true;
    if (principal.isMemberOf(holder.brokerOrganisationId, Role.BrokerStaff)) return true;
    if (holder.clinicalTeamId && principal.isMemberOf(holder.clinicalTeamId, Role.CareCoordinator, Role.TeamLead))
      return need === 'read' || principal.isMemberOf(holder.clinicalTeamId, Role.CareCoordinator);
    return false;
  }

  /** The organisations whose members may be asked to sign off this holder's items. */
  scopeOf(holder: Holder): string[] {
    return [holder.clinicalTeamId, holder.brokerOrganisationId, holder.commissionerId].filter((id): id is string => !!id);
  }

  private async isRepresentative(principal: Principal, holder: Holder): Promise<boolean> {
    return (await this.repository.activeRepresentatives(holder.id)).some((r) => r.userId === principal.userId);
  }
}
