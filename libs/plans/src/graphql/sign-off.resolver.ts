import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Principal, Role, Roles } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { CalendarDateScalar } from '@kinwell/kernel/graphql';
import { DecisionKind } from '../plans.entities';
import { PlansRepository } from '../plans.repository';
import { SignOffService } from '../sign-off.service';
import { ApprovalsView } from '../approvals-view';
import { REASON_TEMPLATES } from '../plan-steps';
import {
  ApprovalRequestModel,
  PanelDecisionResult,
  PlanItemApprovalResult,
  PlanItemChangeResult,
  PlanItemDecisionResult,
} from './plans.models';
import { PLANNERS, DECIDERS, toItem, result } from './plans.mappers';

/** Sign-off: the approvals inbox and every decision. */

const REASON_CODE = `The reason template chosen (${REASON_TEMPLATES.join(', ')}), so declines are counted by reason`;

@Resolver()
export class SignOffResolver {
  constructor(
    private readonly signOff: SignOffService,
    private readonly repository: PlansRepository,
    private readonly approvals: ApprovalsView,
  ) {}

  @Roles(...DECIDERS)
  @Query(() => [ApprovalRequestModel], { description: 'Items waiting for your decision' })
  async approvalsInbox(@CurrentUser() principal: Principal): Promise<ApprovalRequestModel[]> {
    return (await this.approvals.inbox(principal)).map(({ item, caseReference, goals, state }) => ({
      item: toItem(item),
      caseReference,
      goals,
      signOff: state,
    }));
  }

  @Roles(Role.PhbLead, Role.Commissioner)
  @Query(() => [ApprovalRequestModel], { description: 'Items waiting for a panel in the areas where you chair one, oldest first' })
  async panelAgenda(@CurrentUser() principal: Principal): Promise<ApprovalRequestModel[]> {
    return (await this.approvals.panelAgenda(principal)).map(({ item, caseReference, goals, state }) => ({
      item: toItem(item),
      caseReference,
      goals,
      signOff: state,
    }));
  }

  @Roles(Role.PhbLead, Role.Commissioner)
  @Mutation(() => PanelDecisionResult.type, {
    description: "Record a panel's decision at its meeting with the members present; approving counts each present member",
  })
  async recordPanelDecision(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('heldOn', { type: () => CalendarDateScalar }) heldOn: string,
    @Args('membersPresent', { type: () => [ID] }) membersPresent: string[],
    @Args('decision', { type: () => DecisionKind }) decision: DecisionKind,
    @CurrentUser() principal: Principal,
    @Args('reason', { type: () => String, nullable: true }) reason?: string,
    @Args('reasonCode', { type: () => String, nullable: true, description: REASON_CODE }) reasonCode?: string,
  ) {
    if (decision === DecisionKind.Escalate)
      throw DomainError.validation([{ field: 'decision', message: 'a panel approves, declines or asks for changes' }]);
    return result(
      PanelDecisionResult,
      await this.signOff.decideAtPanel(principal, itemId, { heldOn, membersPresent }, decision, reason ?? null, reasonCode ?? null),
      toItem,
    );
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemApprovalResult.type)
  async approvePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @CurrentUser() principal: Principal,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ) {
    return result(PlanItemApprovalResult, await this.signOff.decide(principal, itemId, DecisionKind.Approve, note ?? null), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemDecisionResult.type, { description: 'Decline, with a plain-language reason the holder will read' })
  async declinePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
    @Args('reasonCode', { type: () => String, nullable: true, description: REASON_CODE }) reasonCode?: string,
  ) {
    return result(
      PlanItemDecisionResult,
      await this.signOff.decide(principal, itemId, DecisionKind.Decline, reason, reasonCode ?? null),
      toItem,
    );
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemDecisionResult.type)
  async requestPlanItemChanges(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(PlanItemDecisionResult, await this.signOff.decide(principal, itemId, DecisionKind.RequestChanges, reason), toItem);
  }

  @Roles(...DECIDERS)
  @Mutation(() => PlanItemDecisionResult.type, { description: 'Pass the item up to the next sign-off tier' })
  async escalatePlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @CurrentUser() principal: Principal,
    @Args('reason', { type: () => String, nullable: true }) reason?: string,
  ) {
    return result(PlanItemDecisionResult, await this.signOff.decide(principal, itemId, DecisionKind.Escalate, reason ?? null), toItem);
  }

  @Roles(Role.Holder, Role.CarerAdvocate)
  @Mutation(() => PlanItemChangeResult.type, { description: 'Appeal a decline; someone other than the decliner decides' })
  async appealPlanItem(
    @Args('itemId', { type: () => ID }) itemId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentUser() principal: Principal,
  ) {
    return result(PlanItemChangeResult, await this.signOff.appeal(principal, itemId, reason), toItem);
  }

  @Roles(...PLANNERS)
  @Mutation(() => PlanItemChangeResult.type)
  async resubmitPlanItem(@Args('itemId', { type: () => ID }) itemId: string, @CurrentUser() principal: Principal) {
    return result(PlanItemChangeResult, await this.signOff.resubmit(principal, itemId), toItem);
  }
}
