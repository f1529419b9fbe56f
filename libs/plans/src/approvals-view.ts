import { Injectable } from '@nestjs/common';
import { Balances, BudgetsService } from '@kinwell/budgets';
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
    private readonly budgets: BudgetsService,
  ) {}

  inbox(principal: Principal): Promise<ApprovalRequest[]> {
    return this.requests(this.signOff.approvalsInbox(principal));
  }

  /** The items waiting for a panel where this person chairs one, as the panel reads them. */
  panelAgenda(principal: Principal): Promise<ApprovalRequest[]> {
    return this.requests(this.signOff.panelAgenda(principal));
  }

  /** One item on the panel's agenda, with its decisions so far and who may be counted present. */
  async panelItem(principal: Principal, itemId: string) {
    const found = isUuid(itemId) ? (await this.panelAgenda(principal)).find((r) => r.item.id === itemId) : undefined;
    if (!found) throw DomainError.notFound('That item');
    const plan = (await this.repository.findPlan(found.item.planId))!;
    const holder = (await this.repository.findHolder(plan.holderId))!;
    const [decisions, members, budget] = await Promise.all([
      this.repository.decisions(itemId),
      this.signOff.panelMembers(holder.commissionerId),
      this.budgetOf(found.item),
    ]);
    return { ...found, decisions, members, budget };
  }

  /** The budget an item would draw on, in figures only: what an approver weighs it against. */
  private async budgetOf(item: PlanItem): Promise<Balances> {
    const plan = (await this.repository.findPlan(item.planId))!;
    return this.budgets.balances(plan.budgetId);
  }

  private async requests(
    pending: Promise<Array<{ item: PlanItem; holder: { id: string }; state: SignOffState }>>,
  ): Promise<ApprovalRequest[]> {
    const inbox = await pending;
    // The goals of every plan in the inbox, in one read.
    const goals = await this.repository.goalsOfPlans([...new Set(inbox.map(({ item }) => item.planId))]);
    return (
      inbox
        .map(({ item, holder, state }) => ({
          item,
          caseReference: caseReference(holder.id),
          goals: goals.filter((g) => item.goalIds.includes(g.id)).map((g) => g.text),
          state,
        }))
        // Appeals first (the person has waited once already), then by the round's due date, then the oldest asked.
        .sort(
          (a, b) =>
            Number(b.item.appeal) - Number(a.item.appeal) ||
            (a.item.dueAt?.getTime() ?? Infinity) - (b.item.dueAt?.getTime() ?? Infinity) ||
            a.item.requestedAt.getTime() - b.item.requestedAt.getTime(),
        )
    );
  }

  /** One item waiting for this approver, with every decision so far; not found once it no longer waits for them. */
  async item(principal: Principal, itemId: string): Promise<ApprovalRequest & { decisions: SignOffDecision[]; budget: Balances }> {
    const found = isUuid(itemId) ? (await this.inbox(principal)).find((r) => r.item.id === itemId) : undefined;
    if (!found) throw DomainError.notFound('That item');
    const [decisions, budget] = await Promise.all([this.repository.decisions(itemId), this.budgetOf(found.item)]);
    return { ...found, decisions, budget };
  }
}
