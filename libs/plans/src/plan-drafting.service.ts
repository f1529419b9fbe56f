import { PlanNotices } from './plan-notices';
import { Injectable } from '@nestjs/common';
import { BudgetsService } from '@kinwell/budgets';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { CATEGORY_CODES, DirectoryLookup } from '@kinwell/directory';
import { Clock, DomainError, isUuid, Money } from '@kinwell/kernel';
import { Principal } from '@kinwell/identity';
import { PlanAccess } from './plan-access';
import { failure, PlanFailure, wrongState } from './plans.errors';
import { ItemStatus, PlanStatus, SupportPlan } from './plans.entities';
import { PlansRepository } from './plans.repository';
import { EDITABLE, MAX_QUANTITY, NewItem, lockedPlan } from './plan-steps';

/** Building a plan with the holder: goals in their words, items that serve them, the contingency, their agreement, and sending it for sign-off. */
@Injectable()
export class PlanDraftingService {
  constructor(
    private readonly repository: PlansRepository,
    private readonly access: PlanAccess,
    private readonly budgets: BudgetsService,
    private readonly directory: DirectoryLookup,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly notices: PlanNotices,
  ) {}

  createPlan(principal: Principal, holderId: string, budgetId: string, referralAt: Date | null): Promise<SupportPlan> {
    return this.tx.run(async () => {
      await this.access.holder(principal, holderId, 'plan');
      const budget = await this.budgets.findBudget(budgetId);
      if (!budget || budget.holderId !== holderId)
        throw DomainError.validation([{ field: 'budgetId', message: "must be this person's budget" }]);
      const now = this.clock.now();
      const plan = await this.repository.insertPlan({
        holderId,
        budgetId,
        status: PlanStatus.Draft,
        contingency: null,
        authorUserId: principal.userId,
        holderAgreedAt: null,
        holderAgreedBy: null,
        referralAt: referralAt ?? now,
        submittedAt: null,
        firstDecisionAt: null,
        firstPaymentAt: null,
        activatedAt: null,
        closedAt: null,
      });
      await this.audit.record({ actor: principal.auditActor, action: 'plan.created', subject: { type: 'support_plan', id: plan.id } });
      return plan;
    });
  }

  addGoal(principal: Principal, planId: string, text: string, baseline: number | null) {
    return this.editPlan(principal, planId, async (plan) => {
      const goals = await this.repository.goals(plan.id);
      const goal = await this.repository.insertGoal({ planId: plan.id, text: text.trim(), baseline, position: goals.length + 1 });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.goal_added',
        subject: { type: 'support_plan', id: plan.id },
        change: { goalId: goal.id },
      });
      return goal;
    });
  }

  addItem(principal: Principal, planId: string, input: NewItem) {
    return this.editPlan(principal, planId, async (plan) => {
      const goals = await this.repository.goals(plan.id);
      const goalIds = [...new Set(input.goalIds)];
      if (!goalIds.length) throw DomainError.validation([{ field: 'goalIds', message: 'every item must serve at least one goal' }]);
      if (goalIds.some((id) => !goals.some((g) => g.id === id)))
        throw DomainError.validation([{ field: 'goalIds', message: "must be this plan's goals" }]);
      if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
        throw DomainError.validation([{ field: 'quantity', message: `must be a whole number from 1 to ${MAX_QUANTITY}` }]);
      }
      let unitPrice: Money;
      let description: string;
      let supplier: string | null;
      let categoryCode: string | null = null;
      if (input.offeringId) {
        if (!isUuid(input.offeringId)) throw DomainError.validation([{ field: 'offeringId', message: 'must be a UUID' }]);
        const [offering] = await this.directory.publicOfferings([input.offeringId]);
        if (!offering) throw DomainError.validation([{ field: 'offeringId', message: 'is not a live directory offering' }]);
        const provider = await this.repository.findOrganisation(offering.organisationId);
        unitPrice = offering.price;
        description = offering.name;
        supplier = provider?.name ?? null;
      } else {
        const problems = [];
        if (!input.description?.trim()) problems.push({ field: 'description', message: 'say what the item is' });
        if (input.unitPricePence == null || !Number.isSafeInteger(input.unitPricePence) || input.unitPricePence <= 0)
          problems.push({ field: 'unitPricePence', message: 'must be a whole number of pence above zero' });
        if (input.categoryCode != null && !CATEGORY_CODES.has(input.categoryCode))
          problems.push({ field: 'categoryCode', message: 'must be one of the directory categories' });
        if (problems.length) throw DomainError.validation(problems);
        unitPrice = Money.ofPence(input.unitPricePence!);
        description = input.description!.trim();
        supplier = input.supplier?.trim() || null;
        categoryCode = input.categoryCode ?? null;
      }
      const total = unitPrice.multiply(input.quantity);
      const item = await this.repository.insertItem({
        planId: plan.id,
        offeringId: input.offeringId ?? null,
        description,
        supplier,
        categoryCode,
        quantity: input.quantity,
        unitPrice,
        total,
        goalIds,
        // Added to a plan under review, an item goes straight to sign-off.
        status: plan.status === PlanStatus.Draft ? ItemStatus.Draft : ItemStatus.Pending,
        round: 1,
        escalation: 0,
        requestedBy: principal.userId,
        requestedAt: this.clock.now(),
        decidedAt: null,
        decisionReason: null,
        excludedDeciders: [],
        dueAt: null,
        appeal: false,
        remindedAt: null,
        escalatedAt: null,
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.item_added',
        subject: { type: 'plan_item', id: item.id },
        change: { totalPence: total.pence, offeringId: item.offeringId },
      });
      if (item.status === ItemStatus.Pending) await this.notices.roundsOpened(plan, [item.id]);
      return item;
    });
  }

  setContingency(principal: Principal, planId: string, text: string) {
    return this.editPlan(principal, planId, async (plan) => {
      await this.repository.updatePlan(plan.id, { contingency: text.trim() });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.contingency_set',
        subject: { type: 'support_plan', id: plan.id },
      });
      return plan;
    });
  }

  /** The holder, or someone they have authorised, agrees to the plan as it stands. */
  agree(principal: Principal, planId: string): Promise<SupportPlan | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await lockedPlan(this.repository, planId);
      await this.access.holder(principal, plan.holderId, 'speak_for_holder');
      if (!EDITABLE.includes(plan.status)) return wrongState(`A ${plan.status.replace('_', ' ')} plan cannot be agreed again`);
      const now = this.clock.now();
      await this.repository.updatePlan(plan.id, { holderAgreedAt: now, holderAgreedBy: principal.userId });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.holder_agreed',
        subject: { type: 'support_plan', id: plan.id },
      });
      return { ...plan, holderAgreedAt: now, holderAgreedBy: principal.userId };
    });
  }

  submit(principal: Principal, planId: string): Promise<SupportPlan | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await lockedPlan(this.repository, planId);
      await this.access.holder(principal, plan.holderId, 'plan');
      if (plan.status !== PlanStatus.Draft) return wrongState('Only a draft plan can be submitted');
      const [goals, items] = await Promise.all([this.repository.goals(plan.id), this.repository.items(plan.id)]);
      const missing = [
        ...(goals.length ? [] : ['at least one goal in the holder’s words']),
        ...(items.length ? [] : ['at least one item']),
        ...(plan.holderAgreedAt ? [] : ['the holder’s agreement']),
      ];
      if (missing.length) return failure('quorum_not_met', `The plan still needs ${missing.join(', ')}`, { missing });
      const now = this.clock.now();
      await this.repository.setItemsStatus(plan.id, ItemStatus.Draft, ItemStatus.Pending);
      await this.repository.updatePlan(plan.id, { status: PlanStatus.Submitted, submittedAt: now });
      await this.notices.roundsOpened(plan);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.submitted',
        subject: { type: 'support_plan', id: plan.id },
        change: { status: { from: 'draft', to: 'submitted' } },
      });
      return { ...plan, status: PlanStatus.Submitted, submittedAt: now };
    });
  }

  private editPlan<T>(principal: Principal, planId: string, work: (plan: SupportPlan) => Promise<T>): Promise<T | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await lockedPlan(this.repository, planId);
      await this.access.holder(principal, plan.holderId, 'plan');
      if (!EDITABLE.includes(plan.status)) return wrongState(`A ${plan.status.replace('_', ' ')} plan cannot be changed; ask for a review`);
      const result = await work(plan);
      // The holder agrees to the plan as it finally stands, so a change asks them again.
      if (plan.status === PlanStatus.Draft && plan.holderAgreedAt)
        await this.repository.updatePlan(plan.id, { holderAgreedAt: null, holderAgreedBy: null });
      return result;
    });
  }

  /** A holder's plans, newest first, for someone who may see the holder. */
  async plansOf(principal: Principal, holderId: string): Promise<SupportPlan[]> {
    await this.access.holderFor(principal, holderId);
    return this.repository.plansOfHolder(holderId);
  }
}
