import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { ApprovalsView, DecisionKind, isPlanFailure, SignOffService } from '@kinwell/plans';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const DAY = 86_400_000;
const APPROVERS = [Role.CareCoordinator, Role.TeamLead, Role.PhbLead, Role.PanelMember, Role.Commissioner, Role.BrokerStaff];
const DECISIONS = { approve: DecisionKind.Approve, decline: DecisionKind.Decline, changes: DecisionKind.RequestChanges } as const;

/** The approver's inbox: what waits for their decision and for how long; an item's page; approve, decline or ask for changes. */
@Controller('approvals')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class ApprovalsController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly approvals: ApprovalsView,
    private readonly signOff: SignOffService,
  ) {}

  @Roles(...APPROVERS)
  @Get()
  async inbox(@Req() req: WebRequest, @Res() res: WebResponse) {
    const now = Date.now();
    const requests = (await this.approvals.inbox(req.principal!)).map((r) => ({
      ...r,
      waitingDays: Math.floor((now - r.item.requestedAt.getTime()) / DAY),
    }));
    this.pages.render(req, res, 'broker/approvals', { requests });
  }

  @Roles(...APPROVERS)
  @Get(':itemId')
  async item(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { itemId }: Record<string, string>) {
    await this.render(req, res, itemId, {});
  }

  @Roles(...APPROVERS)
  @Post(':itemId')
  async decide(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { itemId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const decision = form.choice('decision', Object.keys(DECISIONS) as Array<keyof typeof DECISIONS>);
    // A refusal or a request for changes is read by the holder: it must say why.
    const reason = form.text('reason', { required: decision === 'decline' || decision === 'changes', max: 2000 });
    if (reason && reason.length < 10 && decision !== 'approve')
      form.errors.push({ field: 'reason', kind: 'too_short', params: { min: 10 } });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.signOff.decide(req.principal!, itemId, DECISIONS[decision as keyof typeof DECISIONS], reason || null);
        if (isPlanFailure(done)) throw new FormInvalid([{ field: 'decision', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: `approvals.done.${decision}` };
        return '/approvals';
      },
      invalid: (errors) => void this.render(req, res, itemId, { errors, values: { decision, reason } }, 400),
    });
  }

  private async render(req: WebRequest, res: WebResponse, itemId: string, data: Record<string, unknown>, status = 200) {
    const request = await this.approvals.item(req.principal!, itemId);
    this.pages.render(req, res, 'broker/approval', { page: 'approval', request, ...data }, status);
  }
}
