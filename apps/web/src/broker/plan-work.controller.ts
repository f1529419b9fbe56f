import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { BudgetKind, isMovementFailure } from '@kinwell/budgets';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { Money, newId } from '@kinwell/kernel';
import { HoldersService, ItemStatus, PlanDraftingService, PlanLifecycleService, PlanStatus, PlanViews } from '@kinwell/plans';
import { PurchasingService } from '@kinwell/payments';
import { Form, FormBody, FormInvalid, refused } from '../core/forms';
import { FormHandler, takeDraft } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const BUDGET_KINDS = [BudgetKind.ThirdParty, BudgetKind.DirectPayment, BudgetKind.Notional] as const;
/** How many lines of the budget's calculation the page offers; the sum is the allocation. */
const CALCULATION_LINES = 4;
const DECIDED = [ItemStatus.Approved, ItemStatus.Declined];

/**
 * The broker's side of a holder and their plan: the record with consent, representatives and budgets;
 * opening a budget with its calculation; starting, submitting, signing and starting the plan; buying
 * what is approved; top-ups and closing. The plan's goals and items are built on the plan's own pages,
 * with the holder, through the same services.
 */
@Controller('broker')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class PlanWorkController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly views: PlanViews,
    private readonly holders: HoldersService,
    private readonly drafting: PlanDraftingService,
    private readonly lifecycle: PlanLifecycleService,
    private readonly purchasing: PurchasingService,
  ) {}

  @Roles(Role.BrokerStaff, Role.CareCoordinator, Role.TeamLead)
  @Get('holders/:holderId')
  async holder(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { holderId }: Record<string, string>) {
    await this.renderHolder(req, res, holderId, {});
  }

  @Roles(Role.BrokerStaff)
  @Post('holders/:holderId/team')
  async setTeam(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { holderId }: Record<string, string>, @Body() body: FormBody) {
    const teams = await this.holders.clinicalTeams(req.principal!, holderId);
    const form = new Form(body);
    const teamId = form.choice(
      'clinicalTeamId',
      teams.map((o) => o.id),
      false,
    );
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.holders.setClinicalTeam(req.principal!, holderId, teamId || null);
        req.session.flash = { key: 'holderPage.teamSet' };
        return `/broker/holders/${holderId}`;
      },
      invalid: (errors) => void this.renderHolder(req, res, holderId, { errors }, 400),
    });
  }

  @Roles(Role.BrokerStaff)
  @Get('holders/:holderId/budget')
  async budgetPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { holderId }: Record<string, string>) {
    await this.renderBudget(req, res, holderId, { values: takeDraft(req) ?? { kind: BudgetKind.ThirdParty } });
  }

  @Roles(Role.BrokerStaff)
  @Post('holders/:holderId/budget')
  async openBudget(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { holderId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const kind = form.choice('kind', BUDGET_KINDS) as BudgetKind;
    const periodStart = form.date('periodStart');
    const periodEnd = form.date('periodEnd');
    if (periodStart && periodEnd && periodEnd <= periodStart) form.errors.push({ field: 'periodEnd', kind: 'after_start' });
    const note = form.text('note', { max: 2000 });
    const lines: Array<{ label: string; pence: number }> = [];
    for (let i = 1; i <= CALCULATION_LINES; i++) {
      const given = [`line${i}Label`, `line${i}Amount`].some((f) => typeof body[f] === 'string' && body[f].trim());
      if (!given && i > 1) continue;
      const label = form.text(`line${i}Label`, { max: 200 });
      const pence = form.money(`line${i}Amount`);
      if (label && pence) lines.push({ label, pence });
    }
    const values = Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('_')));
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const allocation = Money.sum(lines.map((l) => Money.ofPence(l.pence)));
        await this.holders.openBudget(req.principal!, holderId, {
          kind,
          periodStart,
          periodEnd,
          allocation,
          allocationNote: note,
          allocationLines: lines,
        });
        req.session.flash = { key: 'holderPage.budgetOpened', params: { amount: allocation.format() } };
        return `/broker/holders/${holderId}`;
      },
      invalid: (errors) => void this.renderBudget(req, res, holderId, { errors, values }, 400),
      fieldOf: (f) => (f === 'allocation' || f === 'allocationLines' ? 'line1Amount' : f === 'allocationNote' ? 'note' : f),
    });
  }

  @Roles(Role.BrokerStaff)
  @Post('holders/:holderId/plans')
  async startPlan(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { holderId }: Record<string, string>) {
    const view = await this.views.holder(req.principal!, holderId);
    await this.forms.submit(req, res, {
      work: async () => {
        const budget = view.budgets.find((b) => !b.budget.closedAt);
        if (!budget) throw new FormInvalid([{ field: 'plan', kind: 'no_budget' }]);
        if (this.views.current(view.plans)) throw new FormInvalid([{ field: 'plan', kind: 'plan_exists' }]);
        const plan = await this.drafting.createPlan(req.principal!, holderId, budget.budget.id, null);
        req.session.flash = { key: 'holderPage.planStarted' };
        return `/plans/${plan.id}`;
      },
      invalid: (errors) => void this.renderHolder(req, res, holderId, { errors }, 400),
    });
  }

  @Roles(Role.BrokerStaff)
  @Get('plans/:planId')
  async plan(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    await this.renderPlan(req, res, planId, {});
  }

  /** Submit, sign or start the plan: each a button on the plan's page, each refused with the service's reason. */
  @Roles(Role.BrokerStaff)
  @Post(['plans/:planId/submit', 'plans/:planId/sign', 'plans/:planId/activate'])
  async step(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    const step = req.path.split('/').pop() as 'submit' | 'sign' | 'activate';
    await this.forms.submit(req, res, {
      work: async () => {
        const principal = req.principal!;
        refused(
          step === 'submit'
            ? await this.drafting.submit(principal, planId)
            : step === 'sign'
              ? await this.lifecycle.sign(principal, planId)
              : await this.lifecycle.activate(principal, planId),
          step,
        );
        req.session.flash = { key: `brokerPlan.done.${step}` };
        return `/broker/plans/${planId}`;
      },
      invalid: (errors) => void this.renderPlan(req, res, planId, { errors }, 400),
    });
  }

  @Roles(Role.BrokerStaff)
  @Get('plans/:planId/top-up')
  async topUpPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    await this.onPlan(req, res, planId, 'broker/top-up', { values: takeDraft(req) ?? {} });
  }

  @Roles(Role.BrokerStaff)
  @Post('plans/:planId/top-up')
  async topUp(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const pence = form.money('amount');
    const reason = form.text('reason', { max: 1000 });
    if (reason && reason.length < 5) form.errors.push({ field: 'reason', kind: 'too_short', params: { min: 5 } });
    // The form's own once-only key makes a second press the same top-up; without one, each send is its own.
    const formKey = typeof body._form === 'string' && body._form ? body._form : newId();
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const moved = await this.lifecycle.topUp(req.principal!, planId, Money.ofPence(pence!), reason, `${planId}:${formKey}`);
        if (isMovementFailure(moved)) throw new FormInvalid([{ field: 'amount', kind: 'service', params: { message: moved.message } }]);
        req.session.flash = { key: 'brokerPlan.done.topUp', params: { amount: Money.ofPence(pence!).format() } };
        return `/broker/plans/${planId}`;
      },
      invalid: (errors) => void this.onPlan(req, res, planId, 'broker/top-up', { errors, values: { amount: body.amount, reason } }, 400),
      fieldOf: (f) => (f === 'amount' || f === 'reason' ? f : 'amount'),
    });
  }

  @Roles(Role.BrokerStaff)
  @Get('plans/:planId/close')
  async closePage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    await this.onPlan(req, res, planId, 'broker/close-plan', {});
  }

  @Roles(Role.BrokerStaff)
  @Post('plans/:planId/close')
  async close(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const sure = form.checked('confirm');
    await this.forms.submit(req, res, {
      work: async () => {
        if (!sure) throw new FormInvalid([{ field: 'confirm', kind: 'required' }]);
        refused(await this.lifecycle.close(req.principal!, planId), 'confirm');
        req.session.flash = { key: 'brokerPlan.done.close' };
        return `/broker/plans/${planId}`;
      },
      invalid: (errors) => void this.onPlan(req, res, planId, 'broker/close-plan', { errors }, 400),
    });
  }

  @Roles(Role.BrokerStaff, Role.CareCoordinator)
  @Get('plans/:planId/reviews/:reviewId')
  async reviewPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    await this.renderReview(req, res, ids, {});
  }

  @Roles(Role.BrokerStaff, Role.CareCoordinator)
  @Post('plans/:planId/reviews/:reviewId')
  async review(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    const view = await this.views.plan(req.principal!, ids.planId);
    const form = new Form(body);
    const outcomes = view.goals.map((g) => ({ goalId: g.id, rating: form.whole(`goal-${g.id}`, 0, 10) }));
    // Each goal's field is named by its id, so its message names the rating, not the field.
    for (const e of form.errors) e.kind = 'rating';
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        refused(await this.lifecycle.completeReview(req.principal!, ids.reviewId, outcomes), 'review');
        req.session.flash = { key: 'brokerPlan.done.review' };
        return `/broker/plans/${ids.planId}`;
      },
      invalid: (errors) => void this.renderReview(req, res, ids, { errors, values: body }, 400),
    });
  }

  /** A page about one plan (a top-up, closing): its view, and the catalogue's name for its form. */
  private async onPlan(req: WebRequest, res: WebResponse, planId: string, template: string, data: Record<string, unknown>, status = 200) {
    const page = template === 'broker/top-up' ? 'topUp' : 'closePlan';
    this.pages.render(req, res, template, { page, view: await this.views.plan(req.principal!, planId), ...data }, status);
  }

  private async renderHolder(req: WebRequest, res: WebResponse, holderId: string, data: Record<string, unknown>, status = 200) {
    const view = await this.views.holder(req.principal!, holderId);
    const canWork = req.principal!.isMemberOf(view.holder.brokerOrganisationId, Role.BrokerStaff);
    this.pages.render(
      req,
      res,
      'broker/holder',
      {
        page: 'holder',
        view,
        current: this.views.current(view.plans),
        openBudget: view.budgets.find((b) => !b.budget.closedAt) ?? null,
        canWork,
        teams: canWork ? await this.holders.clinicalTeams(req.principal!, holderId) : [],
        ...data,
      },
      status,
    );
  }

  private async renderBudget(req: WebRequest, res: WebResponse, holderId: string, data: Record<string, unknown>, status = 200) {
    const view = await this.views.holder(req.principal!, holderId);
    this.pages.render(
      req,
      res,
      'broker/open-budget',
      { page: 'budget', view, kinds: BUDGET_KINDS, lines: CALCULATION_LINES, ...data },
      status,
    );
  }

  private async renderPlan(req: WebRequest, res: WebResponse, planId: string, data: Record<string, unknown>, status = 200) {
    const view = await this.views.plan(req.principal!, planId);
    req.principal!.assertMemberOf(view.holder.brokerOrganisationId, Role.BrokerStaff);
    const intents = await this.purchasing.intentsForItems(view.items.map((i) => i.item.id));
    const lines = view.items.map((line) => ({
      ...line,
      purchase:
        intents.filter((p) => p.planItemId === line.item.id).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null,
    }));
    const decided = view.items.length > 0 && view.items.every((i) => DECIDED.includes(i.item.status));
    this.pages.render(
      req,
      res,
      'broker/plan',
      {
        page: 'brokerPlan',
        view,
        lines,
        canSubmit: view.plan.status === PlanStatus.Draft,
        canActivate: [PlanStatus.Approved, PlanStatus.PartlyApproved].includes(view.plan.status) && decided,
        dueReviews: view.reviews.filter((r) => !r.completedAt),
        ...data,
      },
      status,
    );
  }

  private async renderReview(req: WebRequest, res: WebResponse, ids: Record<string, string>, data: Record<string, unknown>, status = 200) {
    const view = await this.views.plan(req.principal!, ids.planId);
    const review = view.reviews.find((r) => r.id === ids.reviewId);
    if (!review || review.completedAt) return res.redirect(303, `/broker/plans/${ids.planId}`);
    this.pages.render(req, res, 'broker/review', { page: 'review', view, review, ...data }, status);
  }
}
