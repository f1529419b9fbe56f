import { Body, Controller, Get, Header, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { Money } from '@kinwell/kernel';
import { PlanViews } from '@kinwell/plans';
import { ExceptionAlreadyResolved, ExceptionResolution, OwedBy, ReconciliationService, statementCsv } from '@kinwell/reconciliation';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { daysSince } from '../core/days';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const RESOLUTIONS = Object.values(ExceptionResolution);
const OWED_BY = Object.values(OwedBy);

/**
 * Reconciliation for the broker: the queue of spending to check across their plans (accept, recover
 * what is owed, or reclassify, each with a note), a plan's statement (page, print and CSV), what is
 * being got back, and closing a statement period. The rules are the reconciliation service's.
 */
@Controller('broker')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class MoneyController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly reconciliation: ReconciliationService,
    private readonly views: PlanViews,
  ) {}

  @Roles(Role.BrokerStaff)
  @Get('exceptions')
  async queue(@Req() req: WebRequest, @Res() res: WebResponse) {
    const exceptions = (await this.reconciliation.exceptionsQueue(req.principal!)).map((e) => ({
      ...e,
      waitingDays: daysSince(e.createdAt),
    }));
    this.pages.render(req, res, 'broker/exceptions', { exceptions });
  }

  @Roles(Role.BrokerStaff)
  @Get('exceptions/:exceptionId')
  async exceptionPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { exceptionId }: Record<string, string>) {
    await this.renderException(req, res, exceptionId, {});
  }

  @Roles(Role.BrokerStaff)
  @Post('exceptions/:exceptionId')
  async resolve(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { exceptionId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const resolution = form.choice('resolution', RESOLUTIONS) as ExceptionResolution;
    const recovering = resolution === ExceptionResolution.Recover;
    const pence = recovering ? form.money('amount') : null;
    const owedBy = recovering ? (form.choice('owedBy', OWED_BY) as OwedBy) : null;
    const note = form.text('note', { max: 2000 });
    if (note && note.length < 5) form.errors.push({ field: 'note', kind: 'too_short', params: { min: 5 } });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.reconciliation.resolveException(req.principal!, exceptionId, resolution, note, {
          amount: pence ? Money.ofPence(pence) : null,
          owedBy: owedBy || null,
        });
        if (done instanceof ExceptionAlreadyResolved) throw new FormInvalid([{ field: 'resolution', kind: 'already_resolved' }]);
        req.session.flash = { key: `exceptions.done.${resolution}` };
        return '/broker/exceptions';
      },
      invalid: (errors) => void this.renderException(req, res, exceptionId, { errors, values: body }, 400),
    });
  }

  @Roles(Role.BrokerStaff)
  @Get('plans/:planId/statement')
  async statement(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { planId }: Record<string, string>) {
    await this.renderStatement(req, res, planId, {});
  }

  /** The statement as CSV that Excel opens as written (UTF-8 with a byte-order mark, formulas defused). */
  @Roles(Role.BrokerStaff)
  @Get('plans/:planId/statement.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="statement.csv"')
  async csv(@Req() req: WebRequest, @PageIds() { planId }: Record<string, string>): Promise<string> {
    return statementCsv(await this.reconciliation.statement(req.principal!, planId));
  }

  @Roles(Role.BrokerStaff)
  @Post('plans/:planId/statement/close')
  async closePeriod(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { planId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const periodEnd = form.date('periodEnd');
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.reconciliation.closePeriod(req.principal!, planId, periodEnd);
        req.session.flash = { key: 'statement.closed', params: { date: periodEnd } };
        return `/broker/plans/${planId}/statement`;
      },
      invalid: (errors) => void this.renderStatement(req, res, planId, { errors, values: body }, 400),
    });
  }

  @Roles(Role.BrokerStaff)
  @Post('recoveries/:recoveryId')
  async settle(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { recoveryId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const outcome = form.choice('outcome', ['recovered', 'written_off'] as const);
    const note = form.text('settleNote', { max: 500 });
    const planId = typeof body.planId === 'string' ? body.planId : '';
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const settled = await this.reconciliation.settleRecovery(req.principal!, recoveryId, outcome as 'recovered' | 'written_off', note);
        req.session.flash = { key: `statement.settled.${settled.status}` };
        return `/broker/plans/${settled.planId}/statement`;
      },
      invalid: (errors) => void this.renderStatement(req, res, planId, { errors, values: body }, 400),
      fieldOf: (f) => (f === 'note' ? 'settleNote' : f),
    });
  }

  private async renderException(req: WebRequest, res: WebResponse, exceptionId: string, data: Record<string, unknown>, status = 200) {
    const exception = await this.reconciliation.exception(req.principal!, exceptionId);
    const view = await this.views.plan(req.principal!, exception.planId);
    this.pages.render(
      req,
      res,
      'broker/exception',
      { page: 'exception', exception, view, resolutions: RESOLUTIONS, owedBy: OWED_BY, ...data },
      status,
    );
  }

  private async renderStatement(req: WebRequest, res: WebResponse, planId: string, data: Record<string, unknown>, status = 200) {
    const view = await this.views.plan(req.principal!, planId);
    req.principal!.assertMemberOf(view.holder.brokerOrganisationId, Role.BrokerStaff);
    const [statement, periods, recoveries] = await Promise.all([
      this.reconciliation.statement(req.principal!, planId),
      this.reconciliation.closedPeriods(req.principal!, planId),
      this.reconciliation.recoveries(req.principal!, planId),
    ]);
    this.pages.render(req, res, 'broker/statement', { page: 'statement', view, statement, periods, recoveries, ...data }, status);
  }
}
