import { PlanNotices } from './plan-notices';
import { Injectable } from '@nestjs/common';
import { BudgetsService, isMovementFailure, MovementKind } from '@kinwell/budgets';
import { AuditLog, OutboxService, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, isUuid, Money } from '@kinwell/kernel';
import { Principal, Role } from '@kinwell/identity';
import { Candidate, describeUnmet, evaluate, roleToActIn, SignOffRules, signOffRulesSchema } from './domain/sign-off-policy';
import { PlanAccess } from './plan-access';
import { failure, PlanFailure, RollbackWith, wrongState } from './plans.errors';
import { DecisionKind, Holder, ItemStatus, PlanItem, PlanStatus, SupportPlan } from './plans.entities';
import { PlansRepository } from './plans.repository';
import { checkReasonCode, ITEM_DECIDED, SignOffState, toApproval, groupBy } from './plan-steps';

/** Who may be present at an area's panel and count towards its decision. */
const PANEL_ROLES = [Role.PanelMember, Role.PhbLead, Role.Commissioner];

/** Sign-off under the area's policy: decisions, appeals, where each item stands, and who is asked. Approving the last required signature commits the item's money in the same transaction. */
@Injectable()
export class SignOffService {
  constructor(
    private readonly repository: PlansRepository,
    private readonly access: PlanAccess,
    private readonly budgets: BudgetsService,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly notices: PlanNotices,
  ) {}

  /** Approve, decline (with a reason the holder reads), ask for changes, or pass up a tier. */
  /** `reasonCode` is the reason template chosen, if any, so declines can be counted by reason. */
  async decide(
    principal: Principal,
    itemId: string,
    decision: DecisionKind,
    reason: string | null,
    reasonCode: string | null = null,
  ): Promise<PlanItem | PlanFailure> {
    const trimmed = reason?.trim() || null;
    if ((decision === DecisionKind.Decline || decision === DecisionKind.RequestChanges) && (!trimmed || trimmed.length < 10)) {
      throw DomainError.validation([
        { field: 'reason', message: 'explain the decision in plain language the holder can act on (at least 10 characters)' },
      ]);
    }
    if (trimmed && trimmed.length > 2000) throw DomainError.validation([{ field: 'reason', message: 'must be at most 2000 characters' }]);
    checkReasonCode(reasonCode);
    try {
      return await this.tx.run(() => this.decideLocked(principal, itemId, decision, trimmed, reasonCode));
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
    reasonCode: string | null,
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
      await this.recordDecision(item, principal.userId, acting, decision, reason, now, reasonCode);
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
      return this.commitAndFinish(principal, plan, item, now);
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
    await this.recordDecision(item, principal.userId, acting, decision, reason, now, reasonCode);
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
      await this.notices.roundsOpened(plan, [item.id]);
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
        appeal: true,
      };
      await this.repository.updateItem(item.id, changes);
      await this.repository.updatePlan(plan.id, { status: PlanStatus.Submitted });
      await this.notices.roundsOpened(plan, [item.id]);
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
      await this.repository.updateItem(item.id, { status: ItemStatus.Pending, round: item.round + 1, appeal: false });
      await this.notices.roundsOpened(plan, [item.id]);
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

  async rulesFor(holder: Holder): Promise<SignOffRules> {
    const policy = await this.repository.findPolicy(holder.commissionerId);
    if (!policy) throw new DomainError('POLICY_MISSING', 'This area has no sign-off policy yet; ask the commissioner to set one');
    return signOffRulesSchema.parse(policy.rules);
  }

  candidate(principal: Principal, holder: Holder): Candidate {
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

  /**
   * A panel's decision at its meeting, recorded by its chair (a PHB lead or the commissioner of the
   * area) with the members present: approving records each present member's approval in the role
   * their presence fills, and holds only if together they meet the tier (a lived-experience member
   * among them where the policy asks); declining or asking for changes gives the holder the panel's
   * reason. One transaction: a panel short of its quorum changes nothing.
   */
  async decideAtPanel(
    principal: Principal,
    itemId: string,
    meeting: { heldOn: string; membersPresent: string[] },
    decision: DecisionKind,
    reason: string | null,
    /** The reason template chosen, if any, so the panel's declines are counted by reason too. */
    reasonCode: string | null = null,
  ): Promise<PlanItem | PlanFailure> {
    const trimmed = reason?.trim() || null;
    checkReasonCode(reasonCode);
    if (decision !== DecisionKind.Approve && (!trimmed || trimmed.length < 10))
      throw DomainError.validation([{ field: 'reason', message: 'explain the panel’s decision in words the holder can act on' }]);
    if (!meeting.membersPresent.length)
      throw DomainError.validation([{ field: 'membersPresent', message: 'choose who was at the meeting' }]);
    try {
      return await this.tx.run(async () => {
        if (!isUuid(itemId)) throw DomainError.notFound('That plan item');
        const item = await this.repository.lockItem(itemId);
        if (!item) throw DomainError.notFound('That plan item');
        const plan = (await this.repository.findPlan(item.planId))!;
        const holder = (await this.repository.findHolder(plan.holderId))!;
        if (!principal.isMemberOf(holder.commissionerId, Role.PhbLead, Role.Commissioner))
          throw DomainError.forbidden('A panel’s decision is recorded by a PHB lead or the commissioner of the area');
        if (item.status !== ItemStatus.Pending)
          return wrongState(`This item is ${item.status.replace('_', ' ')}, not waiting for a decision`);
        const rules = await this.rulesFor(holder);
        const amount = await this.bandAmount(rules, plan, item);
        const members = await this.repository.membersWithRoles(holder.commissionerId, PANEL_ROLES);
        const unknown = meeting.membersPresent.filter((id) => !members.some((m) => m.userId === id));
        if (unknown.length) throw DomainError.validation([{ field: 'membersPresent', message: 'choose members of this area’s panel' }]);
        const now = this.clock.now();
        const roundDecisions = await this.repository.decisionsOfRound(item.id, item.round);
        const approvals = roundDecisions.filter((d) => d.decision === DecisionKind.Approve).map(toApproval);
        const note = `Panel meeting of ${meeting.heldOn}${trimmed ? `: ${trimmed}` : ''}`;
        if (decision === DecisionKind.Approve) {
          for (const userId of meeting.membersPresent) {
            if (roundDecisions.some((d) => d.deciderUserId === userId) || item.excludedDeciders.includes(userId)) continue;
            const candidate = {
              userId,
              roles: members.filter((m) => m.userId === userId).map(({ role, livedExperience }) => ({ role, livedExperience })),
            };
            const acting = roleToActIn(rules, amount.pence, item.escalation, approvals, candidate);
            if (!acting) continue;
            await this.recordDecision(item, userId, acting, decision, note, now);
            approvals.push({ userId, actingRole: acting.role, livedExperience: acting.livedExperience });
          }
          const after = evaluate(rules, amount.pence, item.escalation, approvals);
          if (!after.satisfied)
            throw new RollbackWith(
              failure(
                'quorum_not_met',
                `The members present are not enough for this decision. Still needed: ${describeUnmet(after).join('; ')}`,
                {
                  missing: describeUnmet(after),
                },
              ),
            );
        } else {
          const chair = principal.memberships.find((m) => m.organisationId === holder.commissionerId)!.role;
          await this.recordDecision(item, principal.userId, { role: chair, livedExperience: false }, decision, trimmed, now, reasonCode);
        }
        await this.repository.insertPanelDecision({
          itemId: item.id,
          commissionerId: holder.commissionerId,
          heldOn: meeting.heldOn,
          membersPresent: meeting.membersPresent,
          decision,
          reason: trimmed,
          recordedBy: principal.userId,
        });
        await this.audit.record({
          actor: principal.auditActor,
          action: 'plan.item_panel_decision',
          subject: { type: 'plan_item', id: item.id },
          reason: trimmed,
          change: { decision, heldOn: meeting.heldOn, membersPresent: meeting.membersPresent, reasonCode },
        });
        if (decision === DecisionKind.Approve) return this.commitAndFinish(principal, plan, item, now);
        return this.finishItem(
          principal,
          plan,
          item,
          decision === DecisionKind.Decline ? ItemStatus.Declined : ItemStatus.ChangesRequested,
          trimmed,
          now,
        );
      });
    } catch (error) {
      if (error instanceof RollbackWith) return error.failure;
      throw error;
    }
  }

  /** Items waiting for a panel in the areas where this person chairs one (a PHB lead or commissioner), oldest first. */
  async panelAgenda(principal: Principal): Promise<Array<{ item: PlanItem; holder: Holder; state: SignOffState }>> {
    const areas = principal.organisationsWith(Role.PhbLead, Role.Commissioner);
    if (!areas.length) return [];
    const holders = await this.repository.holdersWhere({ commissionerId: areas });
    const items = await this.repository.pendingItemsOfHolders(holders.map((h) => h.id));
    const context = await this.signOffContext(items);
    const panel = items.filter((item) => {
      const { rules, band, approvals } = context(item);
      return evaluate(rules, band.pence, item.escalation, approvals).tier.requirements.some((r) => r.roles.includes(Role.PanelMember));
    });
    const states = await this.signOffStates(panel);
    return panel
      .map((item, i) => ({ item, holder: context(item).holder, state: states[i] }))
      .sort((a, b) => a.item.requestedAt.getTime() - b.item.requestedAt.getTime());
  }

  /** Who may sit on an area's panel, for the chair to say who was there. */
  panelMembers(commissionerId: string) {
    return this.repository.membersWithRoles(commissionerId, PANEL_ROLES);
  }

  /** One person's decision in the item's current round, in the role it counts in. */
  private recordDecision(
    item: PlanItem,
    userId: string,
    acting: { role: Role; livedExperience: boolean },
    decision: DecisionKind,
    reason: string | null,
    now: Date,
    reasonCode: string | null = null,
  ) {
    return this.repository.insertDecision({
      reasonCode,
      itemId: item.id,
      round: item.round,
      deciderUserId: userId,
      actingRole: acting.role,
      livedExperience: acting.livedExperience,
      decision,
      reason,
      decidedAt: now,
    });
  }

  /** The item's money is committed as its last required approval lands; without enough, the approval is undone too, so nothing is half-done. */
  private async commitAndFinish(principal: Principal, plan: SupportPlan, item: PlanItem, now: Date): Promise<PlanItem> {
    const committed = await this.budgets.move({
      budgetId: plan.budgetId,
      kind: MovementKind.Commitment,
      amount: item.total,
      idempotencyKey: `plan_item:${item.id}:commit`,
      reference: { type: 'plan_item', id: item.id },
      actor: principal.auditActor,
      note: `Approved: ${item.description}`,
    });
    if (isMovementFailure(committed)) {
      throw new RollbackWith(
        committed.kind === 'insufficient_funds'
          ? { kind: 'insufficient_funds', message: committed.message, available: committed.available, requested: committed.requested }
          : wrongState(committed.message),
      );
    }
    return this.finishItem(principal, plan, item, ItemStatus.Approved, null, now);
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
    await this.notices.itemDecided(plan, item, status, reason);
    return { ...item, status, decidedAt: now, decisionReason: reason };
  }
}
