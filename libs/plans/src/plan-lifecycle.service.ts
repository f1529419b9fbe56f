import { PlanNotices } from './plan-notices';
import { addWorkingDays } from './domain/working-days';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BudgetsService, MovementKind } from '@kinwell/budgets';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, Money } from '@kinwell/kernel';
import { Principal, Role } from '@kinwell/identity';
import { PlanAccess } from './plan-access';
import { PlanPurchases } from './plan-purchases';
import { failure, PlanFailure, wrongState } from './plans.errors';
import { ItemStatus, PlanStatus, ReviewKind, SupportPlan } from './plans.entities';
import { PlansRepository } from './plans.repository';
import { lockedPlan } from './plan-steps';
import { SignOffService } from './sign-off.service';

/** After sign-off: signatures, starting the plan, reviews, top-ups and closing. */
@Injectable()
export class PlanLifecycleService {
  constructor(
    private readonly repository: PlansRepository,
    private readonly access: PlanAccess,
    private readonly budgets: BudgetsService,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
    private readonly signOff: SignOffService,
    private readonly notices: PlanNotices,
  ) {}

  sign(principal: Principal, planId: string): Promise<SupportPlan | PlanFailure> {
    return this.tx.run(async () => {
      const plan = await lockedPlan(this.repository, planId);
      // Nobody learns an area's signature policy, or that the plan exists, without access to the person.
      const holder = await this.access.holder(principal, plan.holderId, 'read');
      const rules = await this.signOff.rulesFor(holder);
      const isHolder = await this.access.allows(principal, holder, 'speak_for_holder');
      const role = rules.planSignatures.find((r) =>
        r === Role.Holder ? isHolder : this.signOff.candidate(principal, holder).roles.some((c) => c.role === r),
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
      const plan = await lockedPlan(this.repository, planId);
      const holder = await this.access.holder(principal, plan.holderId, 'plan');
      if (![PlanStatus.Approved, PlanStatus.PartlyApproved].includes(plan.status)) return wrongState('Only an approved plan can start');
      const signed = new Set((await this.repository.signatures(plan.id)).map((s) => s.role));
      const missing = (await this.signOff.rulesFor(holder)).planSignatures.filter((r) => !signed.has(r));
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
      await this.notices.planActivated(plan);
      return { ...plan, status: PlanStatus.Active, activatedAt: now };
    });
  }

  /** The holder, someone acting for them, or anyone working on the plan can ask for a rapid review when needs change; read-only access cannot. */
  requestRapidReview(principal: Principal, planId: string, reason: string): Promise<SupportPlan | PlanFailure> {
    if (reason.trim().length < 5) throw DomainError.validation([{ field: 'reason', message: 'say what has changed' }]);
    return this.tx.run(async () => {
      const plan = await lockedPlan(this.repository, planId);
      const holder = await this.access.holder(principal, plan.holderId, 'plan');
      if (plan.status !== PlanStatus.Active) return wrongState('Only an active plan can be reviewed');
      // A rapid review has its own deadline in the area's policy, in working days.
      const within = this.notices.deadlines(await this.signOff.rulesFor(holder)).rapidReviewWithinWorkingDays;
      const dueOn = addWorkingDays(this.clock.now(), within).toISOString().slice(0, 10);
      await this.repository.insertReviews([
        {
          planId: plan.id,
          kind: ReviewKind.Rapid,
          dueOn,
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
      await this.notices.rapidReviewAsked(plan, dueOn);
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
      const plan = await lockedPlan(this.repository, review.planId);
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
    const plan = await this.access.planFor(principal, planId, 'read');
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
      const plan = await lockedPlan(this.repository, planId);
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
}
