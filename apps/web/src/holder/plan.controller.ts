import { Body, Controller, Get, Post, Query, Req, Res, UploadedFile, UseFilters } from '@nestjs/common';
import { CATEGORIES, DirectoryLookup, ETHNIC_GROUPS, ETHNICITIES } from '@kinwell/directory';
import { RateLimit, Role, SignedIn } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import {
  AGE_BANDS,
  GENDERS,
  Holder,
  HolderInvitationsService,
  HoldersService,
  ItemStatus,
  PlanDraftingService,
  PlanLifecycleService,
  PlanStatus,
  PlanView,
  PlanViews,
  RepresentativeRelationship,
  SignOffService,
} from '@kinwell/plans';
import { ReconciliationService } from '@kinwell/reconciliation';
import { FieldError, Form, FormBody, FormInvalid, refused } from '../core/forms';
import { FormHandler, takeDraft } from '../core/form-handler';
import { PageIds } from '../core/page-id.pipe';
import { OneFileUpload } from '../core/uploads';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import { seeOther, type WebRequest, type WebResponse } from '../core/web-request';

const EDITABLE = [PlanStatus.Draft, PlanStatus.UnderReview];
const CATEGORY_CODES_IN_ORDER = CATEGORIES.map((c) => c.code);

/**
 * A holder's plan and budget, for the holder and for a carer or advocate acting with their consent: every
 * read and change goes through the plans services, which check who may do it; these handlers only render.
 */
@Controller('plans/:planId')
@SignedIn()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class PlanController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly views: PlanViews,
    private readonly drafting: PlanDraftingService,
    private readonly signOff: SignOffService,
    private readonly lifecycle: PlanLifecycleService,
    private readonly holders: HoldersService,
    private readonly reconciliation: ReconciliationService,
    private readonly directory: DirectoryLookup,
    private readonly invitations: HolderInvitationsService,
  ) {}

  @Get()
  async plan(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    const view = await this.views.plan(req.principal!, planId);
    this.render(req, res, 'holder/plan', view, { editable: EDITABLE.includes(view.plan.status), next: this.nextStep(view) });
  }

  @Get('budget')
  async budget(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    this.render(req, res, 'holder/budget', await this.views.plan(req.principal!, planId));
  }

  @Get('goals/new')
  async goalPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    this.render(req, res, 'holder/goal', await this.views.plan(req.principal!, planId), { values: takeDraft(req) ?? {} });
  }

  @Post('goals/new')
  async addGoal(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const text = form.text('text', { max: 500 });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        refused(await this.drafting.addGoal(req.principal!, planId, text, null), 'text');
        req.session.flash = { key: 'plan.goalAdded' };
        return `/plans/${planId}`;
      },
      invalid: (errors) => void this.again(req, res, 'holder/goal', planId, errors, { text }),
    });
  }

  @Get('items/new')
  async itemPage(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId }: Record<string, string>,
    @Query('offering') offeringId?: string,
  ) {
    const view = await this.views.plan(req.principal!, planId);
    const offering = await this.offering(offeringId);
    this.render(req, res, 'holder/item', view, {
      offering,
      categories: CATEGORY_CODES_IN_ORDER,
      values: takeDraft(req) ?? { quantity: '1' },
    });
  }

  @Post('items/new')
  async addItem(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const offeringId = typeof body.offeringId === 'string' && body.offeringId ? body.offeringId : null;
    const view = await this.views.plan(req.principal!, planId);
    const goalIds = form.many(
      'goal',
      view.goals.map((g) => g.id),
    );
    if (!goalIds.length) form.errors.push({ field: 'goal', kind: 'choose' });
    const quantity = form.whole('quantity', 1, 100);
    const values: Record<string, unknown> = { goal: goalIds, quantity: body.quantity };
    let description = '';
    let supplier = '';
    let unitPricePence: number | null = null;
    let categoryCode: string | null = null;
    if (!offeringId) {
      description = form.text('description', { max: 200 });
      supplier = form.text('supplier', { required: false, max: 200 });
      unitPricePence = form.money('price');
      // Optional: "not sure" is an empty answer.
      categoryCode = form.choice('category', CATEGORY_CODES_IN_ORDER, false) || null;
      Object.assign(values, { description, supplier, price: body.price, category: categoryCode ?? '' });
    }
    const offering = await this.offering(offeringId ?? undefined);
    if (offeringId && !offering) form.errors.push({ field: 'goal', kind: 'offering_gone' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const total = offering ? offering.price.multiply(quantity) : Money.ofPence((unitPricePence ?? 0) * quantity);
        if (total.pence > view.budget.left.pence)
          throw new FormInvalid([{ field: 'quantity', kind: 'over_budget', params: { left: view.budget.left.pence } }]);
        refused(
          await this.drafting.addItem(req.principal!, planId, {
            offeringId,
            description: offeringId ? null : description,
            supplier: offeringId ? null : supplier || null,
            unitPricePence: offeringId ? null : unitPricePence,
            categoryCode,
            quantity,
            goalIds,
          }),
          'goal',
        );
        req.session.flash = { key: 'plan.itemAdded' };
        return `/plans/${planId}`;
      },
      invalid: (errors) =>
        this.render(req, res, 'holder/item', view, { offering, categories: CATEGORY_CODES_IN_ORDER, values, errors }, 400),
      fieldOf: (f) => (f === 'unitPricePence' ? 'price' : f === 'goalIds' ? 'goal' : f === 'categoryCode' ? 'category' : f),
    });
  }

  @Get('agree')
  async agreePage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    this.render(req, res, 'holder/agree', await this.views.plan(req.principal!, planId));
  }

  /** "I agree to this plan": the holder's (or their representative's) agreement, then the plan goes for sign-off. */
  @Post('agree')
  async agree(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const agreed = form.checked('agree');
    await this.forms.submit(req, res, {
      work: async () => {
        if (!agreed) throw new FormInvalid([{ field: 'agree', kind: 'required' }]);
        refused(await this.drafting.agree(req.principal!, planId), 'agree');
        const view = await this.views.plan(req.principal!, planId);
        if (view.plan.status === PlanStatus.Draft) refused(await this.drafting.submit(req.principal!, planId), 'agree');
        req.session.flash = { key: 'plan.submitted' };
        return `/plans/${planId}`;
      },
      invalid: (errors) => void this.again(req, res, 'holder/agree', planId, errors, {}),
    });
  }

  @Get('items/:itemId')
  async item(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId, itemId }: Record<string, string>) {
    const { view, item } = await this.views.item(req.principal!, planId, itemId);
    this.render(req, res, 'holder/item-detail', view, { line: item });
  }

  @Get('items/:itemId/appeal')
  async appealPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId, itemId }: Record<string, string>) {
    const { view, item } = await this.views.item(req.principal!, planId, itemId);
    if (item.item.status !== ItemStatus.Declined) return res.redirect(303, `/plans/${planId}/items/${itemId}`);
    this.render(req, res, 'holder/appeal', view, { line: item, values: takeDraft(req) ?? {} });
  }

  @Post('items/:itemId/appeal')
  async appeal(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId, itemId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const reason = form.text('reason', { max: 2000 });
    if (reason && reason.length < 10) form.errors.push({ field: 'reason', kind: 'too_short', params: { min: 10 } });
    const { view, item } = await this.views.item(req.principal!, planId, itemId);
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        refused(await this.signOff.appeal(req.principal!, itemId, reason), 'reason');
        req.session.flash = { key: 'plan.appealed' };
        return `/plans/${planId}/items/${itemId}`;
      },
      invalid: (errors) => this.render(req, res, 'holder/appeal', view, { line: item, values: { reason }, errors }, 400),
    });
  }

  @Get('items/:itemId/spend')
  async spendPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId, itemId }: Record<string, string>) {
    const { view, item } = await this.views.item(req.principal!, planId, itemId);
    this.render(req, res, 'holder/spend', view, { line: item, values: takeDraft(req) ?? {} });
  }

  /** On a direct payment: what the money was spent on, so it is reconciled like any other spend. */
  @Post('items/:itemId/spend')
  async reportSpend(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId, itemId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const merchantName = form.text('merchantName', { max: 200 });
    const amountPence = form.money('amount');
    const occurredOn = form.date('occurredOn');
    const { view, item } = await this.views.item(req.principal!, planId, itemId);
    const values = {
      merchantName,
      amount: body.amount,
      ...Object.fromEntries(['day', 'month', 'year'].map((p) => [`occurredOn-${p}`, body[`occurredOn-${p}`]])),
    };
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.reconciliation.reportDirectPaymentSpend(req.principal!, {
          planId,
          itemId,
          amount: Money.ofPence(amountPence!),
          merchantName,
          occurredOn,
        });
        req.session.flash = { key: 'plan.spendReported' };
        return `/plans/${planId}/spending`;
      },
      invalid: (errors) => this.render(req, res, 'holder/spend', view, { line: item, values, errors }, 400),
      fieldOf: (f) => (f === 'amountPence' ? 'amount' : f),
    });
  }

  /** What happens in a crisis or if the plan cannot go ahead: written with the holder, kept with the plan. */
  @Get('contingency')
  async contingencyPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    const view = await this.views.plan(req.principal!, planId);
    this.render(req, res, 'holder/contingency', view, { values: takeDraft(req) ?? { text: view.plan.contingency ?? '' } });
  }

  @Post('contingency')
  async contingency(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const text = form.text('text', { max: 4000 });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        refused(await this.drafting.setContingency(req.principal!, planId, text), 'text');
        req.session.flash = { key: 'contingency.saved' };
        return `/plans/${planId}`;
      },
      invalid: (errors) => void this.again(req, res, 'holder/contingency', planId, errors, { text }),
    });
  }

  @Get('rapid-review')
  async rapidReviewPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    this.render(req, res, 'holder/rapid-review', await this.views.plan(req.principal!, planId), { values: takeDraft(req) ?? {} });
  }

  @Post('rapid-review')
  async rapidReview(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const reason = form.text('reason', { max: 2000 });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        refused(await this.lifecycle.requestRapidReview(req.principal!, planId, reason), 'reason');
        req.session.flash = { key: 'plan.rapidReviewAsked' };
        return `/plans/${planId}`;
      },
      invalid: (errors) => void this.again(req, res, 'holder/rapid-review', planId, errors, { reason }),
    });
  }

  @Get('spending')
  async spending(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    const view = await this.views.plan(req.principal!, planId);
    const statement = await this.reconciliation.statement(req.principal!, planId);
    this.render(req, res, 'holder/spending', view, { statement });
  }

  @Get('receipts/new')
  async receiptPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    await this.receiptForm(req, res, planId, [], {});
  }

  /** A photo of a receipt from a phone: multipart, so its CSRF token and once-only key travel in the action's query. */
  @Post('receipts/new')
  @OneFileUpload('receipt', 4)
  async uploadReceipt(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId }: Record<string, string>,
    @Body() body: FormBody,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    const form = new Form(body);
    const spendRef = form.text('spendRef', { max: 100 });
    if (!file) form.errors.push({ field: 'receipt', kind: 'required' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.reconciliation.attachReceipt(req.principal!, planId, spendRef, file!.buffer);
        req.session.flash = { key: 'plan.receiptAdded' };
        return `/plans/${planId}/spending`;
      },
      invalid: (errors) => void this.receiptForm(req, res, planId, errors, { spendRef }, 400),
      fieldOf: (f) => (f === 'content' ? 'receipt' : f),
    });
  }

  @Get('people')
  async people(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    const view = await this.views.plan(req.principal!, planId);
    const people = await this.views.representatives(req.principal!, view.holder.id);
    this.render(req, res, 'holder/people', view, { people });
  }

  /** The holder invites someone to act for them: naming them here is the consent, which starts when they accept. */
  @Post('people/invite')
  async inviteRepresentative(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const view = await this.views.plan(req.principal!, planId);
    const form = new Form(body);
    const values = {
      displayName: form.text('displayName', { max: 200 }),
      email: form.text('email', { max: 320 }),
      relationship: form.choice('relationship', Object.values(RepresentativeRelationship)),
    };
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const invited = await this.invitations.inviteRepresentative(req.principal!, view.holder.id, {
          ...values,
          relationship: values.relationship as RepresentativeRelationship,
          language: req.language,
        });
        if (!('email' in invited)) throw new FormInvalid([{ field: 'email', kind: `link_${invited.kind}` }]);
        req.session.flash = { key: 'people.invited', params: { email: values.email } };
        return `/plans/${planId}/people`;
      },
      invalid: (errors) =>
        void this.views
          .representatives(req.principal!, view.holder.id)
          .then((people) => this.render(req, res, 'holder/people', view, { people, errors, values }, 400)),
    });
  }

  @Post('people/:userId/withdraw')
  async withdraw(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId, userId }: Record<string, string>) {
    const view = await this.views.plan(req.principal!, planId);
    await this.forms.submit(req, res, {
      work: async () => {
        await this.holders.revokeRepresentative(req.principal!, view.holder.id, userId);
        req.session.flash = { key: 'people.withdrawn' };
        return `/plans/${planId}/people`;
      },
      invalid: () => void seeOther(req, res, `/plans/${planId}/people`),
    });
  }

  /** The holder's own answers about themselves for the area's anonymous figures: optional, and only with their consent. */
  @Get('about-you')
  async aboutYou(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    const view = await this.views.plan(req.principal!, planId);
    if (!view.isHolder) throw DomainError.forbidden('Only the holder can say this about themselves');
    this.aboutYouPage(req, res, view, { values: aboutValues(view.holder) });
  }

  @Post('about-you')
  async declareAboutYou(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const view = await this.views.plan(req.principal!, planId);
    const form = new Form(body);
    const consent = form.choice('consent', ['yes', 'no'] as const);
    const answers = {
      // "Prefer not to say" is an empty answer.
      ageBand: form.choice('ageBand', AGE_BANDS, false) || null,
      gender: form.choice('gender', GENDERS, false) || null,
      ethnicity:
        form.choice(
          'ethnicity',
          ETHNICITIES.map((e) => e.code),
          false,
        ) || null,
    };
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.holders.declareAboutMe(req.principal!, view.holder.id, { consent: consent === 'yes', ...answers });
        req.session.flash = { key: consent === 'yes' ? 'yourself.saved' : 'yourself.notKept' };
        return `/plans/${planId}`;
      },
      invalid: (errors) => void this.aboutYouPage(req, res, view, { errors, values: body }, 400),
    });
  }

  private aboutYouPage(req: WebRequest, res: WebResponse, view: PlanView, data: Record<string, unknown>, status = 200) {
    const t = this.pages.translator(req);
    const values = (data.values ?? {}) as Record<string, unknown>;
    // Each question's answers, then "prefer not to say" (an empty answer).
    const items = (name: string, answers: string[], label: (a: string) => string) =>
      [...answers, ''].map((a) => ({ value: a, text: a ? label(a) : t('yourself.preferNot'), checked: (values[name] ?? '') === a }));
    const groups = ETHNIC_GROUPS.map((g) => ({ code: g.code, options: ETHNICITIES.filter((e) => e.group === g.code).map((e) => e.code) }));
    this.render(
      req,
      res,
      'holder/yourself',
      view,
      {
        ageItems: items('ageBand', AGE_BANDS, (a) => a),
        genderItems: items('gender', GENDERS, (g) => t(`area.gender.${g}`)),
        groups,
        ...data,
      },
      status,
    );
  }

  @Get('contacts')
  async contacts(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    this.render(req, res, 'holder/contacts', await this.views.plan(req.principal!, planId));
  }

  private async receiptForm(
    req: WebRequest,
    res: WebResponse,
    planId: string,
    errors: FieldError[],
    values: Record<string, unknown>,
    status = 200,
  ) {
    const view = await this.views.plan(req.principal!, planId);
    const statement = await this.reconciliation.statement(req.principal!, planId);
    const needed = statement.openExceptions.filter((e) => e.kind === 'missing_receipt');
    this.render(req, res, 'holder/receipt', view, { needed, errors, values }, status);
  }

  private async again(
    req: WebRequest,
    res: WebResponse,
    template: string,
    planId: string,
    errors: FieldError[],
    values: Record<string, unknown>,
  ) {
    this.render(req, res, template, await this.views.plan(req.principal!, planId), { values, errors }, 400);
  }

  private async offering(id: string | undefined) {
    if (!id) return null;
    const [offering] = /^[0-9a-f-]{36}$/i.test(id) ? await this.directory.publicOfferings([id]) : [];
    if (!offering) throw DomainError.notFound('That offering');
    return offering;
  }

  /** What happens next on this plan, in the holder's terms. */
  private nextStep(view: PlanView): string {
    if (view.plan.status === PlanStatus.Draft) {
      if (!view.goals.length) return 'addGoal';
      if (!view.items.length) return 'addItem';
      return 'agree';
    }
    if (view.items.some((i) => i.item.status === ItemStatus.Declined)) return 'declined';
    if (view.items.some((i) => i.item.status === ItemStatus.Pending)) return 'waiting';
    if (view.items.some((i) => i.item.status === ItemStatus.ChangesRequested)) return 'changes';
    return view.plan.status;
  }

  private render(req: WebRequest, res: WebResponse, template: string, view: PlanView, data: Record<string, unknown> = {}, status = 200) {
    this.pages.render(
      req,
      res,
      template,
      {
        page: template.split('/')[1],
        view,
        actingFor: view.isRepresentative && !view.isHolder ? view.holder.preferredName : null,
        isBroker: req.principal!.isMemberOf(view.holder.brokerOrganisationId, Role.BrokerStaff),
        ...data,
      },
      status,
    );
  }
}

/** The form's answers as the holder record holds them ("" for prefer not to say; without consent nothing is held). */
function aboutValues(holder: Holder): Record<string, string> {
  return {
    consent: holder.equityReportingConsent ? 'yes' : '',
    ageBand: holder.ageBand ?? '',
    gender: holder.gender ?? '',
    ethnicity: holder.ethnicity ?? '',
  };
}
