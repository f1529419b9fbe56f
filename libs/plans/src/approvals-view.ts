import { Injectable } from '@nestjs/common';
import { DomainError, isUuid, stableUuid } from '@kinwell/kernel';
import { Principal } from '@kinwell/identity';
import { PlanItem, SignOffDecision } from './plans.entities';
import { PlansRepository } from './plans.repository';
import { SignOffState } from './plan-steps';
import { SignOffService } from './sign-off.service';

/** Approvers outside the holder's team see a case reference, never a name. */
export const caseReference = (holderId: string) => `Case ${stableUuid('case', holderId).slice(0, 8).toUpperCase()}`;

export interface ApprovalRequest {
  item: PlanItem;
  caseReference: string;
  /** The goals it serves, in the holder's own words. */
  goals: string[];
  state: SignOffState;
}

/** What an approver reads: the items waiting for their decision, each with its goals, and its history of decisions. */
@Injectable()
export class ApprovalsView {
  constructor(
    private readonly signOff: SignOffService,
    private readonly repository: PlansRepository,
  ) {}

  async inbox(principal: Principal): Promise<ApprovalRequest[]> {
    const inbox = await this.signOff.approvalsInbox(principal);
    // The goals of every plan in the inbox, in one read.
    const goals = await this.repository.goalsOfPlans([...new Set(inbox.map(({ item }) => item.planId))]);
    return inbox
      .map(({ item, holder, state }) => ({
        item,
        caseReference: caseReference(holder.id),
        goals: goals.filter((g) => item.goalIds.includes(g.id)).map((g) => g.text),
        state,
      }))
      .sort((a, b) => a.item.requestedAt.getTime() - b.item.requestedAt.getTime());
  }

  /** One item waiting for this approver, with every decision so far; not found once it no longer waits for them. */
  async item(principal: Principal, itemId: string): Promise<ApprovalRequest & { decisions: SignOffDecision[] }> {
    const found = isUuid(itemId) ? (await this.inbox(principal)).find((r) => r.item.id === itemId) : undefined;
    if (!found) throw DomainError.notFound('That item');
    return { ...found, decisions: await this.repository.decisions(itemId) };
  }
}
