import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BudgetKind, BudgetsService, isMovementFailure, MovementKind } from '@kinwell/budgets';
import { AuditLog, OutboxService, TransactionHost } from '@kinwell/database';
import { DirectoryRepository } from '@kinwell/directory';
import { Clock, DomainError, isUuid, Money } from '@kinwell/kernel';
import { OrganisationKind, Principal, Role } from '@kinwell/identity';
import { Approval, Candidate, describeUnmet, evaluate, roleToActIn, SignOffRules, signOffRulesSchema } from './domain/sign-off-policy';
import { PlanAccess } from './plan-access';
import { PlanPurchases } from './plan-purchases';
import { failure, isPlanFailure, PlanFailure, RollbackWith, wrongState } from './plans.errors';
import {
  DecisionKind,
  Holder,
  ItemStatus,
  PlanItem,
  PlanStatus,
  RepresentativeRelationship,
  ReviewKind,
  SupportPlan,
} from './plans.entities';
import { PlansRepository } from './plans.repository';

export const ITEM_DECIDED = 'plans.item.decided';
const EDITABLE = [PlanStatus.Draft, PlanStatus.UnderReview];
const MAX_QUANTITY = 100;

export interface NewHolder {
  preferredName: string;
  pronouns: string | null;
  languages: string[];
  communities: string[];
  ageBand: string | null;
  gender: string | null;
  equityReportingConsent: boolean;
  postcodeDistrict: string | null;
  brokerOrganisationId: string;
  clinicalTeamId: string | null;
  userId: string | null;
}

export interface NewItem {
  offeringId?: string | null;
  description?: string | null;
  supplier?: string | null;
  unitPricePence?: number | null;
  quantity: number;
  goalIds: string[];
}

export interface SignOffState {
  tier: string;
  satisfied: boolean;
  requirements: Array<{ label: string; needed: number; have: number }>;
  stillNeeded: string[];
}

/**
 * Support plans and their sign-off. Every step runs in one transaction, is audited, and
 * answers business failures as values; approving the last required signature commits
 * the item's money in the budget ledger in the same transaction.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly repository: PlansRepository,
    private readonly access: PlanAccess,
    private readonly budgets: BudgetsService,
    private readonly directory: DirectoryRepository,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
  ) {}

  // ---- holders and budgets ----------------------------------------------------------

  createHolder(principal: Principal, input: NewHolder): Promise<Holder> {
    principal.assertMemberOf(input.brokerOrganisationId, Role.BrokerStaff);
    return this.tx.run(async () => {
      const broker = await this.repository.findOrganisation(input.brokerOrganisationId);
      if (!broker || broker.kind !== OrganisationKind.Broker || !broker.commissionerId)
        throw DomainError.validation([{ field: 'brokerOrganisationId', message: 'must be a broker in a commissioning area' }]);
      if (input.clinicalTeamId) {
        const team = await this.repository.findOrganisation(input.clinicalTeamId);
        if (!team || team.kind !== OrganisationKind.ClinicalTeam || team.commissionerId !== broker.commissionerId) {
          throw DomainError.validation([{ field: 'clinicalTeamId', message: 'must be a clinical team in the same area' }]);
        }
      }
      // One holder record per account (a unique index backs this against a race).
      if (input.userId && (await this.repository.findHolderByUser(input.userId))) {
        throw DomainError.validation([
          { field: 'userId', message: 'this account already has a holder record; open it instead of making another' },
        ]);
      }
      const holder = await this.repository.insertHolder({
        ...input,
        // Communities are kept only with consent for equity reporting.
        communities: input.equityReportingConsent ? input.communities : [],
        ageBand: input.equityReportingConsent ? input.ageBand : null,
        gender: input.equityReportingConsent ? input.gender : null,
        commissionerId: broker.commissionerId,
      });
      await this.audit.record({ actor: principal.auditActor, action: 'holder.created', subject: { type: 'holder', id: holder.id } });
      return holder;
    });
  }

  /** The holder (or an existing representative) records consent for a carer or advocate to act for them. */
  addRepresentative(principal: Principal, holderId: string, userId: string, relationship: RepresentativeRelationship): Promise<void> {
    return this.tx.run(async () => {
      await this.access.holder(principal, holderId, 'speak_for_holder');
      await this.repository.upsertRepresentative({
        holderId,
        userId,
        relationship,
        consentGivenAt: this.clock.now(),
        consentRevokedAt: null,
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'holder.representative_consented',
        subject: { type: 'holder', id: holderId },
        change: { userId, relationship },
      });
    });
  }

  /** The holder withdraws a representative's consent; their access ends at once. */
  revokeRepresentative(principal: Principal, holderId: string, userId: string): Promise<void> {
    return this.tx.run(async () => {
      const holder = await this.access.holder(principal, holderId, 'speak_for_holder');
      if (holder.userId !== principal.userId) throw DomainError.forbidden('Only the holder can withdraw consent');
      await this.repository.revokeRepresentative(holderId, userId, this.clock.now());
      await this.audit.record({
        actor: principal.auditActor,
        action: 'holder.representative_revoked',
        subject: { type: 'holder', id: holderId },
        change: { userId },
      });
    });
  }

  async openBudget(
    principal: Principal,
    holderId: string,
    input: {
      kind: BudgetKind;
      periodStart: string;
      periodEnd: string;
      allocation: Money;
      allocationNote: string;
      allocationLines: Array<{ label: string; pence: number }>;
    },
  ) {
    const holder = await this.access.holder(principal, holderId, 'read');
    principal.assertMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
    return this.budgets.open(principal.auditActor, {
      ...input,
      holderId,
      commissionerId: holder.commissionerId,
      heldByOrganisationId: input.kind === BudgetKind.ThirdParty ? holder.brokerOrganisationId : null,
    });
  }

  // ---- building a plan -----------------------------------------------------------------

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
        if (problems.length) throw DomainError.validation(problems);
        unitPrice = Money.ofPence(input.unitPricePence!);
        description = input.description!.trim();
        supplier = input.supplier?.trim() || null;
      }
      const total = unitPrice.multiply(input.quantity);
      const item = await this.repository.insertItem({
        planId: plan.id,
        offeringId: input.offeringId ?? null,
        description,
        supplier,
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
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.item_added',
        subject: { type: 'plan_item', id: item.id },
        change: { totalPence: total.pence, offeringId: item.offeringId },
      });
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
      const plan = await this.lockedPlan(planId);
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
      const plan = await this.lockedPlan(planId);
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
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.submitted',
        subject: { type: 'support_plan', id: plan.id },
        change: { status: { from: 'draft', to: 'submitted' } },
      });
      return { ...plan, status: PlanStatus.Submitted, submittedAt: now };
    });
  }

  // ---- sign-off ----------------------------------------------------------------------------

  /** Approve, decline (with a reason the holder reads), ask for changes, or pass up a tier. */
  async decide(principal: Principal, itemId: string, decision: DecisionKind, reason: string | null): Promise<PlanItem | PlanFailure> {
    const trimmed = reason?.trim() || null;
    if ((decision === DecisionKind.Decline || decision === DecisionKind.RequestChanges) && (!trimmed || trimmed.length < 10)) {
      throw DomainError.validation([
        { field: 'reason', message: 'explain the decision in plain language the holder can act on (at least 10 characters)' },
      ]);
    }
    if (trimmed && trimmed.length > 2000) throw DomainError.validation([{ field: 'reason', message: 'must be at most 2000 characters' }]);
    try {
      return await this.tx.run(() => this.decideLocked(principal, itemId, decision, trimmed));
    } catch (error) {
      if (error instanceof RollbackWith) return error.failure;
      throw error;
    }
  }

  private async decideLocked(
    principal: Principal,
    itemId: string,
    decision: DecisionKind,
    reason: string | null,
  ): Promise<PlanItem | PlanFailure> {
    if (!isUuid(itemId)) throw DomainError.validation([{ field: 'itemId', message: 'must be a UUID' }]);
    const item = await this.repository.lockItem(itemId);
    if (!item) throw DomainError.notFound('That plan item');
    const plan = (await this.repository.findPlan(item.planId))!;
    const holder = (await this.repository.findHolder(plan.holderId))!;
    const rules = await this.rulesFor(holder);
    const candidate = this.candidate(principal, holder);
    if (!candidate.roles.length) throw DomainError.forbidden('You are not part of sign-off for this person');
    if (item.status !== ItemStatus.Pending) return wrongState(`This item is ${item.status.replace('_', ' ')}, not waiting for a decision`);
    if (item.excludedDeciders.includes(principal.userId))
      return failure('not_authorised_to_approve', 'This appeal must be decided by someone other than the person who declined it', {});
    const roundDecisions = await this.repository.decisionsOfRound(item.id, item.round);
    if (roundDecisions.some((d) => d.deciderUserId === principal.userId))
      return failure('already_decided', 'You have already decided on this item', {});
    const approvals = roundDecisions.filter((d) => d.decision === DecisionKind.Approve).map(toApproval);
    const amount = await this.bandAmount(rules, plan, item);
    const now = this.clock.now();

    if (decision === DecisionKind.Approve) {
      if (rules.authorCannotApprove && item.requestedBy === principal.userId)
        return failure('author_cannot_approve', 'You asked for this item, so someone else must approve it', {});
      const acting = roleToActIn(rules, amount.pence, item.escalation, approvals, candidate);
      if (!acting) {
        const stillNeeded = describeUnmet(evaluate(rules, amount.pence, item.escalation, approvals));
        return failure(
          'not_authorised_to_approve',
          `Your approval does not count towards what this item still needs: ${stillNeeded.join('; ')}`,
          {},
        );
      }
      await this.repository.insertDecision({
        itemId: item.id,
        round: item.round,
        deciderUserId: principal.userId,
        actingRole: acting.role,
        livedExperience: acting.livedExperience,
        decision,
        reason,
        decidedAt: now,
      });
      const after = evaluate(rules, amount.pence, item.escalation, [
        ...approvals,
        { userId: principal.userId, actingRole: acting.role, livedExperience: acting.livedExperience },
      ]);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.item_approval',
        subject: { type: 'plan_item', id: item.id },
        reason,
        change: { actingRole: acting.role, tier: after.tier.name, satisfied: after.satisfied },
      });
      if (!after.satisfied) return item;
      const committed = await this.budgets.move({
        budgetId: plan.budgetId,
        kind: MovementKind.Commitment,
        amount: item.total,
        idempotencyKey: `plan_item:${item.id}:commit`,
        reference: { type: 'plan_item', id: item.id },
        actor: principal.auditActor,
        note: `Approved: ${item.description}`,
      });
      // Not enough money: undo the approval too, so nothing is half-done.
      if (isMovementFailure(committed)) {
        throw new RollbackWith(
          committed.kind === 'insufficient_funds'
            ? { kind: 'insufficient_funds', message: committed.message, available: committed.available, requested: committed.requested }
            : wrongState(committed.message),
        );
      }
      return this.finishItem(principal, plan, item, ItemStatus.Approved, null, now);
    }

    // Declining, asking for changes and escalating are for people who take part in this tier.
    const tier = evaluate(rules, amount.pence, item.escalation, approvals).tier;
    const tierRoles = new Set(tier.requirements.flatMap((r) => r.roles));
    const acting = candidate.roles.find((r) => tierRoles.has(r.role));
    if (!acting)
      return failure(
        'not_authorised_to_approve',
        `Decisions on this item are for: ${tier.requirements.map((r) => r.label).join('; ')}`,
        {},
      );
    await this.repository.insertDecision({
      itemId: item.id,
      round: item.round,
      deciderUserId: principal.userId,
      actingRole: acting.role,
      livedExperience: acting.livedExperience,
      decision,
      reason,
      decidedAt: now,
    });
    await this.audit.record({
      actor: principal.auditActor,
      action: `plan.item_${decision}`,
      subject: { type: 'plan_item', id: item.id },
      reason,
      change: { actingRole: acting.role, tier: tier.name },
    });

    if (decision === DecisionKind.Escalate) {
      if (
        evaluate(rules, amount.pence, item.escalation + 1, []).tierIndex === evaluate(rules, amount.pence, item.escalation, []).tierIndex
      ) {
        throw new RollbackWith(wrongState('There is no higher tier to pass this item to'));
      }
      await this.repository.updateItem(item.id, { escalation: item.escalation + 1, round: item.round + 1 });
      return { ...item, escalation: item.escalation + 1, round: item.round + 1 };
    }
    return this.finishItem(
      principal,
      plan,
      item,
      decision === DecisionKind.Decline ? ItemStatus.Declined : ItemStatus.ChangesRequested,
      reason,
      now,
    );
  }

  /** The holder or their representative appeals a decline; someone else decides it. */
  appeal(principal: Principal, itemId: string, reason: string): Promise<PlanItem | PlanFailure> {
    if (reason.trim().length < 10)
      throw DomainError.validation([{ field: 'reason', message: 'say why the decision should change (at least 10 characters)' }]);
    return this.tx.run(async () => {
      if (!isUuid(itemId)) throw DomainError.validation([{ field: 'itemId', message: 'must be a UUID' }]);
      const item = await this.repository.lockItem(itemId);
      if (!item) throw DomainError.notFound('That plan item');
      const plan = (await this.repository.findPlan(item.planId))!;
      await this.access.holder(principal, plan.holderId, 'speak_for_holder');
      if (item.status !== ItemStatus.Declined) return wrongState('Only a declined item can be appealed');
      const decliners = (await this.repository.decisionsOfRound(item.id, item.round, DecisionKind.Decline)).map((d) => d.deciderUserId);
      const changes = {
        status: ItemStatus.Pending,
        round: item.round + 1,
        excludedDeciders: [...new Set([...item.excludedDeciders, ...decliners])],
      };
      await this.repository.updateItem(item.id, changes);
      await this.repository.updatePlan(plan.id, { status: PlanStatus.Submitted });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.item_appealed',
        subject: { type: 'plan_item', id: item.id },
        reason: reason.trim(),
        change: { round: changes.round },
      });
      return { ...item, ...changes };
    });
  }

  /** After changes were asked for, the plan's authors send the item back for a fresh decision. */
  resubmit(principal: Principal, itemId: string): Promise<PlanItem | PlanFailure> {
    return this.tx.run(async () => {
      const item = await this.repository.lockItem(itemId);
      if (!item) throw DomainError.notFound('That plan item');
      const plan = (await this.repository.findPlan(item.planId))!;
      await this.access.holder(principal, plan.holderId, 'plan');
      if (item.status !== ItemStatus.ChangesRequested) return wrongState('Only an item with changes requested can be resubmitted');
      await this.repository.updateItem(item.id, { status: ItemStatus.Pending, round: item.round + 1 });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.item_resubmitted',
        subject: { type: 'plan_item', id: item.id },
      });
      return { ...item, status: ItemStatus.Pending, round: item.round + 1 };
    });
  }

  async signOffState(item: PlanItem): Promise<SignOffState> {
    return (await this.signOffStates([item]))[0];
  }

  /**
   * Where each item stands in its sign-off, for many items at once: their plans, holders, policies,
   * approvals and (for plan-total bands) sibling items are read in one statement each, however many.
   */
  async signOffStates(items: readonly PlanItem[]): Promise<SignOffState[]> {
    const context = await this.signOffContext(items);
    return items.map((item) => {
      const { rules, band, approvals } = context(item);
      const e = evaluate(rules, band.pence, item.escalation, approvals);
      return {
        tier: e.tier.name,
        satisfied: e.satisfied,
        requirements: e.requirements.map((r) => ({ label: r.label, needed: r.count, have: Math.min(r.have, r.count) })),
        stillNeeded: describeUnmet(e),
      };
    });
  }

  /** What deciding each item depends on, loaded for all of them together. */
  private async signOffContext(items: readonly PlanItem[]) {
    const plans = new Map((await this.repository.findPlans([...new Set(items.map((i) => i.planId))])).map((p) => [p.id, p]));
    const holders = new Map(
      (await this.repository.findHolders([...new Set([...plans.values()].map((p) => p.holderId))])).map((h) => [h.id, h]),
    );
    const policies = new Map(
      (await this.repository.findPolicies([...new Set([...holders.values()].map((h) => h.commissionerId))])).map((p) => [
        p.commissionerId,
        p,
      ]),
    );
    const siblings = groupBy(await this.repository.itemsOfPlans([...plans.keys()]), (i) => i.planId);
    const decisions = groupBy(await this.repository.decisionsOfItems(items.map((i) => i.id)), (d) => d.itemId);
    const rulesOf = new Map<string, SignOffRules>();
    return (item: PlanItem) => {
      const plan = plans.get(item.planId)!;
      const holder = holders.get(plan.holderId)!;
      let rules = rulesOf.get(holder.commissionerId);
      if (!rules) {
        const policy = policies.get(holder.commissionerId);
        if (!policy) throw new DomainError('POLICY_MISSING', 'This area has no sign-off policy yet; ask the commissioner to set one');
        rules = signOffRulesSchema.parse(policy.rules);
        rulesOf.set(holder.commissionerId, rules);
      }
      const band =
        rules.bandBy === 'item'
          ? item.total
          : Money.sum((siblings.get(plan.id) ?? []).filter((i) => i.status !== ItemStatus.Declined).map((i) => i.total));
      const approvals = (decisions.get(item.id) ?? [])
        .filter((d) => d.round === item.round && d.decision === DecisionKind.Approve)
        .map(toApproval);
      return { plan, holder, rules, band, approvals };
    };
  }

  /** Items waiting for the signed-in person's decision, in the areas and teams they serve. */
  async approvalsInbox(principal: Principal): Promise<Array<{ item: PlanItem; holder: Holder; state: SignOffState }>> {
    const orgs = principal.memberships.map((m) => m.organisationId);
    const holders = await this.repository.holdersWhere({ brokerOrganisationId: orgs, clinicalTeamId: orgs, commissionerId: orgs });
    const items = await this.repository.pendingItemsOfHolders(holders.map((h) => h.id));
    const context = await this.signOffContext(items);
    const mine = items.filter((item) => {
      const { rules, band, approvals, holder } = context(item);
      if (item.excludedDeciders.includes(principal.userId) || (rules.authorCannotApprove && item.requestedBy === principal.userId))
        return false;
      return !!roleToActIn(rules, band.pence, item.escalation, approvals, this.candidate(principal, holder));
    });
    const states = await this.signOffStates(mine);
    return mine.map((item, i) => ({ item, holder: context(item).holder, state: states[i] }));
  }

  // ---- after sign-off ----------------------------------------------------------------------

  sign(principal: Principal, planId: string): Promise<SupportPlan | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await this.lockedPlan(planId);
      // Nobody learns an area's signature policy, or that the plan exists, without access to the person.
      const holder = await this.access.holder(principal, plan.holderId, 'read');
      const rules = await this.rulesFor(holder);
      const isHolder = await this.access.allows(principal, holder, 'speak_for_holder');
      const role = rules.planSignatures.find((r) =>
        r === Role.Holder ? isHolder : this.candidate(principal, holder).roles.some((c) => c.role === r),
      );
      if (!role)
        return failure(
          'not_authorised_to_approve',
          `This area's plans are signed by: ${rules.planSignatures.join(', ') || 'nobody besides the holder'}`,
          {},
        );
      await this.repository.insertSignature({ planId: plan.id, role, userId: principal.userId, signedAt: this.clock.now() });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.signed',
        subject: { type: 'support_plan', id: plan.id },
        change: { role },
      });
      return plan;
    });
  }

  /** Starts the plan once every item is decided and every required signature is in; schedules reviews. */
  activate(principal: Principal, planId: string): Promise<SupportPlan | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await this.lockedPlan(planId);
      const holder = await this.access.holder(principal, plan.holderId, 'plan');
      if (![PlanStatus.Approved, PlanStatus.PartlyApproved].includes(plan.status)) return wrongState('Only an approved plan can start');
      const signed = new Set((await this.repository.signatures(plan.id)).map((s) => s.role));
      const missing = (await this.rulesFor(holder)).planSignatures.filter((r) => !signed.has(r));
      if (missing.length) return failure('quorum_not_met', `The plan still needs signatures from: ${missing.join(', ')}`, { missing });
      const budget = (await this.budgets.findBudget(plan.budgetId))!;
      const now = this.clock.now();
      const midpoint = new Date((Date.parse(budget.periodStart) + Date.parse(budget.periodEnd)) / 2).toISOString().slice(0, 10);
      await this.repository.insertReviews(
        [
          { kind: ReviewKind.Start, dueOn: now.toISOString().slice(0, 10) },
          { kind: ReviewKind.Midpoint, dueOn: midpoint },
          { kind: ReviewKind.End, dueOn: budget.periodEnd },
        ].map((r) => ({ ...r, planId: plan.id, requestedBy: null, reason: null, completedAt: null, outcomes: null })),
      );
      await this.repository.updatePlan(plan.id, { status: PlanStatus.Active, activatedAt: now });
      await this.audit.record({ actor: principal.auditActor, action: 'plan.activated', subject: { type: 'support_plan', id: plan.id } });
      return { ...plan, status: PlanStatus.Active, activatedAt: now };
    });
  }

  /** The holder, someone acting for them, or anyone working on the plan can ask for a rapid review when needs change; read-only access cannot. */
  requestRapidReview(principal: Principal, planId: string, reason: string): Promise<SupportPlan | PlanFailure> {
    if (reason.trim().length < 5) throw DomainError.validation([{ field: 'reason', message: 'say what has changed' }]);
    return this.tx.run(async () => {
      const plan = await this.lockedPlan(planId);
      await this.access.holder(principal, plan.holderId, 'plan');
      if (plan.status !== PlanStatus.Active) return wrongState('Only an active plan can be reviewed');
      await this.repository.insertReviews([
        {
          planId: plan.id,
          kind: ReviewKind.Rapid,
          dueOn: this.clock.now().toISOString().slice(0, 10),
          requestedBy: principal.userId,
          reason: reason.trim(),
          completedAt: null,
          outcomes: null,
        },
      ]);
      await this.repository.updatePlan(plan.id, { status: PlanStatus.UnderReview });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.rapid_review_requested',
        subject: { type: 'support_plan', id: plan.id },
        reason: reason.trim(),
      });
      return { ...plan, status: PlanStatus.UnderReview };
    });
  }

  completeReview(
    principal: Principal,
    reviewId: string,
    outcomes: Array<{ goalId: string; rating: number }>,
  ): Promise<SupportPlan | PlanFailure> {
    return this.tx.run(async () => {
      const review = await this.repository.findReview(reviewId);
      if (!review) throw DomainError.notFound('That review');
      const plan = await this.lockedPlan(review.planId);
      await this.access.holder(principal, plan.holderId, 'plan');
      if (review.completedAt) return wrongState('That review is already complete');
      const goals = await this.repository.goals(plan.id);
      const problems = outcomes.flatMap((o, i) => [
        ...(goals.some((g) => g.id === o.goalId) ? [] : [{ field: `outcomes.${i}.goalId`, message: "must be this plan's goal" }]),
        ...(Number.isInteger(o.rating) && o.rating >= 0 && o.rating <= 10
          ? []
          : [{ field: `outcomes.${i}.rating`, message: 'must be a whole number from 0 to 10' }]),
      ]);
      if (problems.length) throw DomainError.validation(problems);
      await this.repository.updateReview(review.id, { completedAt: this.clock.now(), outcomes });
      const status = plan.status === PlanStatus.UnderReview && review.kind === ReviewKind.Rapid ? PlanStatus.Active : plan.status;
      await this.repository.updatePlan(plan.id, { status });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'plan.review_completed',
        subject: { type: 'support_plan', id: plan.id },
        change: { reviewId: review.id, kind: review.kind },
      });
      return { ...plan, status };
    });
  }

  /**
   * Scales support up: adds money to the plan's budget (for example in a crisis). The broker who
   * holds the budget makes it; commissioners never see a person, so they fund areas, not plans.
   */
  async topUp(principal: Principal, planId: string, amount: Money, reason: string, idempotencyKey: string) {
    if (reason.trim().length < 5) throw DomainError.validation([{ field: 'reason', message: 'say why the budget is being topped up' }]);
    const plan = await this.findPlanFor(principal, planId, 'read');
    const holder = (await this.repository.findHolder(plan.holderId))!;
    if (!principal.isMemberOf(holder.brokerOrganisationId, Role.BrokerStaff))
      throw DomainError.forbidden('Top-ups are made by the broker who holds the budget');
    return this.budgets.move({
      budgetId: plan.budgetId,
      kind: MovementKind.TopUp,
      amount,
      idempotencyKey: `top_up:${idempotencyKey}`,
      actor: principal.auditActor,
      note: reason.trim(),
    });
  }

  /** Ends the plan: releases money committed but not spent, and reclaims what is left. */
  close(principal: Principal, planId: string): Promise<SupportPlan | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await this.lockedPlan(planId);
      const holder = await this.access.holder(principal, plan.holderId, 'read');
      principal.assertMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
      if (plan.status === PlanStatus.Closed) return wrongState('This plan is already closed');
      // Purchasing is looked up, not injected, because it depends on this context; without it, closing fails rather than leaving cards live.
      const { stillHeld } = await this.moduleRef.get(PlanPurchases, { strict: false }).endForPlan(plan.id, principal.auditActor);
      if (stillHeld.isPositive()) {
        return wrongState(
          `${stillHeld.format()} of card payments is still waiting to be taken by the shop. Close the plan once it is taken or given back (usually within 7 days).`,
        );
      }
      for (const item of (await this.repository.items(plan.id)).filter((i) => i.status === ItemStatus.Approved)) {
        const outstanding = await this.budgets.committedFor(plan.budgetId, item.id);
        if (outstanding.isPositive()) {
          await this.budgets.move({
            budgetId: plan.budgetId,
            kind: MovementKind.Release,
            amount: outstanding,
            idempotencyKey: `plan_item:${item.id}:release_at_close`,
            reference: { type: 'plan_item', id: item.id },
            actor: principal.auditActor,
            note: 'Plan closed',
          });
        }
      }
      await this.budgets.close(principal.auditActor, plan.budgetId);
      const now = this.clock.now();
      await this.repository.updatePlan(plan.id, { status: PlanStatus.Closed, closedAt: now });
      await this.audit.record({ actor: principal.auditActor, action: 'plan.closed', subject: { type: 'support_plan', id: plan.id } });
      return { ...plan, status: PlanStatus.Closed, closedAt: now };
    });
  }

  // ---- reads --------------------------------------------------------------------------------

  async findPlanFor(principal: Principal, planId: string, need: 'read' | 'plan' = 'read'): Promise<SupportPlan> {
    if (!isUuid(planId)) throw DomainError.notFound('That plan');
    const plan = await this.repository.findPlan(planId);
    if (!plan) throw DomainError.notFound('That plan');
    await this.access.holder(principal, plan.holderId, need);
    return plan;
  }

  async holderFor(principal: Principal, holderId: string): Promise<Holder> {
    if (!isUuid(holderId)) throw DomainError.notFound('That person');
    return this.access.holder(principal, holderId, 'read');
  }

  // ---- helpers ------------------------------------------------------------------------------

  private editPlan<T>(principal: Principal, planId: string, work: (plan: SupportPlan) => Promise<T>): Promise<T | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await this.lockedPlan(planId);
      await this.access.holder(principal, plan.holderId, 'plan');
      if (!EDITABLE.includes(plan.status)) return wrongState(`A ${plan.status.replace('_', ' ')} plan cannot be changed; ask for a review`);
      const result = await work(plan);
      // The holder agrees to the plan as it finally stands, so a change asks them again.
      if (plan.status === PlanStatus.Draft && plan.holderAgreedAt)
        await this.repository.updatePlan(plan.id, { holderAgreedAt: null, holderAgreedBy: null });
      return result;
    });
  }

  private async lockedPlan(planId: string): Promise<SupportPlan> {
    if (!isUuid(planId)) throw DomainError.notFound('That plan');
    const plan = await this.repository.lockPlan(planId);
    if (!plan) throw DomainError.notFound('That plan');
    return plan;
  }

  private async rulesFor(holder: Holder): Promise<SignOffRules> {
    const policy = await this.repository.findPolicy(holder.commissionerId);
    if (!policy) throw new DomainError('POLICY_MISSING', 'This area has no sign-off policy yet; ask the commissioner to set one');
    return signOffRulesSchema.parse(policy.rules);
  }

  private candidate(principal: Principal, holder: Holder): Candidate {
    const scope = new Set(this.access.scopeOf(holder));
    return {
      userId: principal.userId,
      roles: principal.memberships
        .filter((m) => scope.has(m.organisationId))
        .map((m) => ({ role: m.role, livedExperience: m.livedExperience })),
    };
  }

  private async bandAmount(rules: SignOffRules, plan: SupportPlan, item: PlanItem): Promise<Money> {
    if (rules.bandBy === 'item') return item.total;
    return Money.sum((await this.repository.items(plan.id)).filter((i) => i.status !== ItemStatus.Declined).map((i) => i.total));
  }

  private async finishItem(
    principal: Principal,
    plan: SupportPlan,
    item: PlanItem,
    status: ItemStatus,
    reason: string | null,
    now: Date,
  ): Promise<PlanItem> {
    await this.repository.updateItem(item.id, { status, decidedAt: now, decisionReason: reason });
    const items = await this.repository.items(plan.id);
    const decided = items.every((i) => i.status === ItemStatus.Approved || i.status === ItemStatus.Declined);
    const approved = items.filter((i) => i.status === ItemStatus.Approved).length;
    const changes: Partial<SupportPlan> = { firstDecisionAt: plan.firstDecisionAt ?? now };
    if (decided && [PlanStatus.Submitted].includes(plan.status) && approved > 0)
      changes.status = approved === items.length ? PlanStatus.Approved : PlanStatus.PartlyApproved;
    await this.repository.updatePlan(plan.id, changes);
    await this.outbox.publish(ITEM_DECIDED, { itemId: item.id, planId: plan.id, status });
    return { ...item, status, decidedAt: now, decisionReason: reason };
  }
}

function toApproval(d: { deciderUserId: string; actingRole: Role; livedExperience: boolean }): Approval {
  return { userId: d.deciderUserId, actingRole: d.actingRole, livedExperience: d.livedExperience };
}

export { isPlanFailure };

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
