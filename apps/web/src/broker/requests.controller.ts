import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { IntakeDecisionsService, PlansRepository } from '@kinwell/plans';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { daysSince } from '../core/days';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

/** New requests for a personal health budget: the broker accepts (a holder record, an invitation) or declines saying why. */
@Controller('broker/requests')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class RequestsController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly intake: IntakeDecisionsService,
    private readonly plans: PlansRepository,
  ) {}

  @Roles(Role.BrokerStaff)
  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse) {
    const requests = (await this.intake.newRequests(req.principal!)).map((r) => ({
      ...r,
      waitingDays: daysSince(r.createdAt),
    }));
    this.pages.render(req, res, 'broker/requests', { requests });
  }

  @Roles(Role.BrokerStaff)
  @Get(':requestId')
  async page(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { requestId }: Record<string, string>) {
    await this.render(req, res, requestId, {});
  }

  @Roles(Role.BrokerStaff)
  @Post(':requestId/accept')
  async accept(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { requestId }: Record<string, string>, @Body() body: FormBody) {
    const brokers = await this.brokers(req);
    const form = new Form(body);
    const brokerId =
      brokers.length === 1
        ? brokers[0].id
        : form.choice(
            'brokerOrganisationId',
            brokers.map((b) => b.id),
          );
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.intake.accept(req.principal!, requestId, brokerId);
        if ('kind' in done) throw new FormInvalid([{ field: 'accept', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: done.invited ? 'requests.acceptedInvited' : 'requests.accepted' };
        return '/broker/requests';
      },
      invalid: (errors) => void this.render(req, res, requestId, { errors }, 400),
    });
  }

  @Roles(Role.BrokerStaff)
  @Post(':requestId/decline')
  async decline(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { requestId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const reason = form.text('reason', { max: 2000 });
    if (reason && reason.length < 10) form.errors.push({ field: 'reason', kind: 'too_short', params: { min: 10 } });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.intake.decline(req.principal!, requestId, reason);
        if ('kind' in done) throw new FormInvalid([{ field: 'reason', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: 'requests.declined' };
        return '/broker/requests';
      },
      invalid: (errors) => void this.render(req, res, requestId, { errors, values: { reason } }, 400),
    });
  }

  private async brokers(req: WebRequest) {
    return this.plans.findOrganisations(req.principal!.organisationsWith(Role.BrokerStaff));
  }

  private async render(req: WebRequest, res: WebResponse, requestId: string, data: Record<string, unknown>, status = 200) {
    const [request, brokers] = await Promise.all([this.intake.request(req.principal!, requestId), this.brokers(req)]);
    this.pages.render(
      req,
      res,
      'broker/request',
      { page: 'request', request, brokers: brokers.filter((b) => b.commissionerId === request.commissionerId), ...data },
      status,
    );
  }
}
