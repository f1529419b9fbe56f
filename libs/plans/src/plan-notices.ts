import { Injectable } from '@nestjs/common';
import { AuditLog, SYSTEM_ACTOR } from '@kinwell/database';
import { Role } from '@kinwell/identity';
import { Clock, Money } from '@kinwell/kernel';
import { Message, Notifications } from '@kinwell/notifications';
import { DEFAULT_DEADLINES, Deadlines, roleToActIn, SignOffRules, signOffRulesSchema } from './domain/sign-off-policy';
import { addWorkingDays, workingDaysBetween } from './domain/working-days';
import { DecisionKind, Holder, ItemStatus, PlanItem, SupportPlan } from './plans.entities';
import { PlansRepository } from './plans.repository';
import { toApproval } from './plan-steps';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Who is told what about plans, and the deadlines of sign-off: a round's due date from the area's policy,
 * the approvers told it is waiting, the holder (and those acting for them with consent) told each decision.
 * Called inside the use case's transaction, so a rollback tells nobody.
 */
@Injectable()
export class PlanNotices {
  constructor(
    private readonly repository: PlansRepository,
    private readonly notifications: Notifications,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The area's deadlines; the defaults for a policy written before deadlines, or an area without one. */
  deadlines(rules: SignOffRules | null): Deadlines {
    return rules?.deadlines ?? DEFAULT_DEADLINES;
  }

  /** The holder's own account and everyone acting for them with consent. */
  async holderAudience(holder: Holder): Promise<string[]> {
    const reps = await this.repository.activeRepresentatives(holder.id);
    return [...(holder.userId ? [holder.userId] : []), ...reps.map((r) => r.userId)];
  }

  staffOf(organisationIds: string[], roles: Role[]): Promise<string[]> {
    return this.notifications.staffOf(organisationIds, roles);
  }

  /**
   * Items of a plan have started a round of sign-off (submitted, added under review, resubmitted, appealed or
   * escalated): each gets its due date, and the people whose approval would count are told.
   */
  async roundsOpened(plan: SupportPlan, itemIds?: string[]): Promise<void> {
    const holder = (await this.repository.findHolder(plan.holderId))!;
    const policy = await this.repository.findPolicy(holder.commissionerId);
    if (!policy) return;
    const rules = signOffRulesSchema.parse(policy.rules);
    const deadlines = this.deadlines(rules);
    const siblings = await this.repository.items(plan.id);
    const items = siblings.filter((i) => i.status === ItemStatus.Pending && (!itemIds || itemIds.includes(i.id)));
    const members = await this.repository.activeMembers(
      [holder.clinicalTeamId, holder.brokerOrganisationId, holder.commissionerId].filter((x): x is string => !!x),
    );
    const now = this.clock.now();
    for (const item of items) {
      const dueAt = addWorkingDays(now, item.appeal ? deadlines.appealWithinWorkingDays : deadlines.decideWithinWorkingDays);
      await this.repository.updateItem(item.id, { dueAt, remindedAt: null, escalatedAt: null });
      const approvers = await this.approversOf(rules, item, siblings, members);
      await this.notifications.tell(
        approvers,
        { key: 'approval.waiting', params: this.itemParams(item, { dueOn: isoDay(dueAt) }), link: `/approvals/${item.id}` },
        { dedupeKey: `waiting:${item.id}:${item.round}:${item.escalation}` },
      );
    }
  }

  /** A decision on an item: the holder and their representatives are told, with the reason. */
  async itemDecided(plan: SupportPlan, item: PlanItem, status: ItemStatus, reason: string | null): Promise<void> {
    const holder = (await this.repository.findHolder(plan.holderId))!;
    const key =
      status === ItemStatus.Approved
        ? item.appeal
          ? 'appeal.approved'
          : 'item.approved'
        : status === ItemStatus.Declined
          ? item.appeal
            ? 'appeal.declined'
            : 'item.declined'
          : 'item.changes_asked';
    await this.tellHolder(holder, { key, params: this.itemParams(item, { reason: reason ?? '' }), link: `/plans/${plan.id}` });
  }

  async planActivated(plan: SupportPlan): Promise<void> {
    const holder = (await this.repository.findHolder(plan.holderId))!;
    await this.tellHolder(holder, { key: 'plan.activated', link: `/plans/${plan.id}` }, `activated:${plan.id}`);
  }

  async rapidReviewAsked(plan: SupportPlan, dueOn: string): Promise<void> {
    const holder = (await this.repository.findHolder(plan.holderId))!;
    await this.notifications.tell(
      await this.staffOf([holder.brokerOrganisationId], [Role.BrokerStaff]),
      { key: 'review.rapid_asked', params: { dueOn }, link: `/broker/plans/${plan.id}` },
      { brokerOrganisationId: holder.brokerOrganisationId },
    );
  }

  /** A new request or referral in an area: every broker there is told. */
  async requestArrived(commissionerId: string, message: Message): Promise<void> {
    const brokers = await this.repository.brokersOfArea(commissionerId);
    await this.notifications.tell(await this.staffOf(brokers, [Role.BrokerStaff]), message);
  }

  /** Money has gone out for an item: the holder is told once. */
  async paymentMade(planId: string, itemId: string, amount: Money): Promise<void> {
    const [plan, item] = await Promise.all([this.repository.findPlan(planId), this.repository.findItem(itemId)]);
    if (!plan || !item) return;
    const holder = (await this.repository.findHolder(plan.holderId))!;
    await this.tellHolder(
      holder,
      { key: 'payment.made', params: this.itemParams(item, { amount: amount.format() }), link: `/plans/${plan.id}` },
      `paid:${itemId}`,
    );
  }

  /** A provider's staff: a new order for one of their offerings, or their invoice paid. */
  async tellProvider(providerOrganisationId: string, message: Message, dedupeKey?: string): Promise<void> {
    await this.notifications.tell(await this.staffOf([providerOrganisationId], [Role.ProviderStaff]), message, { dedupeKey });
  }

  async orderPlaced(providerOrganisationId: string, itemId: string, intentId: string, amount: Money): Promise<void> {
    const item = await this.repository.findItem(itemId);
    if (!item) return;
    await this.tellProvider(
      providerOrganisationId,
      {
        key: 'order.new',
        params: this.itemParams(item, { amount: amount.format() }),
        link: `/provider/${providerOrganisationId}/orders/${intentId}`,
      },
      `order:${intentId}`,
    );
  }

  tellHolder(holder: Holder, message: Message, dedupeKey?: string): Promise<number> {
    return this.holderAudience(holder).then((people) =>
      this.notifications.tell(people, message, { dedupeKey, brokerOrganisationId: holder.brokerOrganisationId }),
    );
  }

  /**
   * The worker's hourly sweep: a round past its due date reminds its approvers once; past the policy's
   * grace it is escalated to the roles the policy names, once, and audited.
   */
  async sweepOverdue(): Promise<{ reminded: number; escalated: number }> {
    const now = this.clock.now();
    let reminded = 0;
    let escalated = 0;
    for (const item of await this.repository.overdueItems(now)) {
      const plan = (await this.repository.findPlan(item.planId))!;
      const holder = (await this.repository.findHolder(plan.holderId))!;
      const policy = await this.repository.findPolicy(holder.commissionerId);
      if (!policy) continue;
      const rules = signOffRulesSchema.parse(policy.rules);
      const deadlines = this.deadlines(rules);
      const scope = [holder.clinicalTeamId, holder.brokerOrganisationId, holder.commissionerId].filter((x): x is string => !!x);
      const members = await this.repository.activeMembers(scope);
      const params = this.itemParams(item, { dueOn: isoDay(item.dueAt!) });
      if (!item.remindedAt) {
        const approvers = await this.approversOf(rules, item, await this.repository.items(plan.id), members);
        await this.notifications.tell(
          approvers,
          { key: 'approval.overdue', params, link: `/approvals/${item.id}` },
          {
            dedupeKey: `overdue:${item.id}:${item.round}`,
          },
        );
        await this.repository.updateItem(item.id, { remindedAt: now });
        reminded++;
      }
      const late = workingDaysBetween(item.dueAt!, now);
      if (!item.escalatedAt && late >= deadlines.escalateAfterWorkingDays) {
        const leads = members.filter((m) => deadlines.escalateTo.includes(m.role)).map((m) => m.userId);
        await this.notifications.tell(
          leads,
          { key: 'approval.escalated', params: { ...params, days: String(late) }, link: `/approvals/${item.id}` },
          { dedupeKey: `escalated:${item.id}:${item.round}` },
        );
        await this.repository.updateItem(item.id, { escalatedAt: now });
        await this.audit.record({
          actor: SYSTEM_ACTOR,
          action: 'plan.item_overdue_escalated',
          subject: { type: 'plan_item', id: item.id },
          reason: `${late} working days past its due date`,
          change: { to: deadlines.escalateTo, told: leads.length },
        });
        escalated++;
      }
    }
    return { reminded, escalated };
  }

  /** The daily sweep: reviews due within 14 days tell the holder once; approved items left unpaid tell the broker once. */
  async sweepDaily(): Promise<{ reviews: number; unpaid: number }> {
    const now = this.clock.now();
    let reviews = 0;
    for (const review of await this.repository.reviewsDueBy(isoDay(new Date(now.getTime() + 14 * 86_400_000)))) {
      const plan = (await this.repository.findPlan(review.planId))!;
      const holder = (await this.repository.findHolder(plan.holderId))!;
      reviews += await this.tellHolder(
        holder,
        { key: 'review.due', params: { dueOn: review.dueOn }, link: `/plans/${plan.id}` },
        `review:${review.id}`,
      );
    }
    let unpaid = 0;
    for (const row of await this.repository.approvedUnpaid()) {
      const policy = await this.repository.findPolicy(row.commissionerId);
      const rules = policy ? signOffRulesSchema.parse(policy.rules) : null;
      const days = Math.floor((now.getTime() - row.item.decidedAt!.getTime()) / 86_400_000);
      if (days < this.deadlines(rules).unpaidAfterDays) continue;
      unpaid += await this.notifications.tell(
        await this.staffOf([row.brokerOrganisationId], [Role.BrokerStaff]),
        { key: 'item.unpaid', params: this.itemParams(row.item, { days: String(days) }), link: `/broker/plans/${row.item.planId}` },
        { dedupeKey: `unpaid:${row.item.id}`, brokerOrganisationId: row.brokerOrganisationId },
      );
    }
    return { reviews, unpaid };
  }

  private itemParams(item: PlanItem, more: Record<string, string> = {}): Record<string, string> {
    return { item: item.description, amount: Money.ofPence(item.total.pence).format(), ...more };
  }

  /** Everyone in the holder's team, broker and area whose approval of this item would count now. */
  private async approversOf(
    rules: SignOffRules,
    item: PlanItem,
    siblings: PlanItem[],
    members: Array<{ userId: string; role: Role; livedExperience: boolean }>,
  ): Promise<string[]> {
    const band =
      rules.bandBy === 'item'
        ? item.total.pence
        : siblings.filter((i) => i.status !== ItemStatus.Declined).reduce((s, i) => s + i.total.pence, 0);
    const approvals = (await this.repository.decisionsOfRound(item.id, item.round, DecisionKind.Approve)).map(toApproval);
    const byUser = new Map<string, Array<{ role: Role; livedExperience: boolean }>>();
    for (const m of members) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), { role: m.role, livedExperience: m.livedExperience }]);
    return [...byUser.entries()]
      .filter(([userId]) => !item.excludedDeciders.includes(userId) && !(rules.authorCannotApprove && item.requestedBy === userId))
      .filter(([userId, roles]) => roleToActIn(rules, band, item.escalation, approvals, { userId, roles }))
      .map(([userId]) => userId);
  }
}
