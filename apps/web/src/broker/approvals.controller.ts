import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { ApprovalsView, DecisionKind, isPlanFailure, REASON_TEMPLATES, SignOffService } from '@kinwell/plans';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { daysSince } from '../core/days';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const APPROVERS = [Role.CareCoordinator, Role.TeamLead, Role.PhbLead, Role.PanelMember, Role.Commissioner, Role.BrokerStaff];
const CHAIRS = [Role.PhbLead, Role.Commissioner];
const DECISIONS = {
  approve: DecisionKind.Approve,
  decline: DecisionKind.Decline,
  changes: DecisionKind.RequestChanges,
  escalate: DecisionKind.Escalate,
} as const;
type Decision = keyof typeof DECISIONS;
const PANEL_DECISIONS = ['approve', 'changes', 'decline'] as const;
/** Plain-English reasons a holder can act on, offered beside free text (the texts are in the catalogue, approvals.template). */

const waited = <T extends { item: { requestedAt: Date } }>(requests: T[]) => {
  return requests.map((r) => ({ ...r, waitingDays: daysSince(r.item.requestedAt) }));
};

/**
 * The approver's inbox: what waits for their decision and for how long; an item's page; approve (or
 * co-sign, where a tier needs two), decline or ask for changes with a reason the holder can act on,
 * or pass it up a tier. And the panel: its agenda, and its decision recorded with the members present.
 */
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
    const chairs = req.principal!.organisationsWith(...CHAIRS).length > 0;
    this.pages.render(req, res, 'broker/approvals', { requests: waited(await this.approvals.inbox(req.principal!)), chairs });
  }

  @Roles(...CHAIRS)
  @Get('panel')
  async agenda(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'broker/panel', { requests: waited(await this.approvals.panelAgenda(req.principal!)) });
  }

  @Roles(...CHAIRS)
  @Get('panel/:itemId')
  async panelItem(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { itemId }: Record<string, string>) {
    await this.renderPanel(req, res, itemId, { values: { membersPresent: [] } });
  }

  @Roles(...CHAIRS)
  @Post('panel/:itemId')
  async panelDecide(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { itemId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const { members } = await this.approvals.panelItem(req.principal!, itemId);
    const form = new Form(body);
    const heldOn = form.date('heldOn');
    if (heldOn && heldOn > new Date().toISOString().slice(0, 10)) form.errors.push({ field: 'heldOn', kind: 'not_future' });
    const present = form.many(
      'membersPresent',
      members.map((m) => m.userId),
    );
    if (!present.length) form.errors.push({ field: 'membersPresent', kind: 'choose' });
    const decision = form.choice('decision', PANEL_DECISIONS);
    const reason = this.reasonOf(req, form, decision);
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.signOff.decideAtPanel(
          req.principal!,
          itemId,
          { heldOn, membersPresent: [...new Set(present)] },
          DECISIONS[decision as Decision],
          reason.text || null,
          reason.code,
        );
        if (isPlanFailure(done)) throw new FormInvalid([{ field: 'membersPresent', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: `approvals.done.${decision}` };
        return '/approvals/panel';
      },
      invalid: (errors) => void this.renderPanel(req, res, itemId, { errors, values: { ...body, membersPresent: present } }, 400),
    });
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
    const decision = form.choice('decision', Object.keys(DECISIONS) as Decision[]);
    const reason = this.reasonOf(req, form, decision);
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.signOff.decide(req.principal!, itemId, DECISIONS[decision as Decision], reason.text || null, reason.code);
        if (isPlanFailure(done)) throw new FormInvalid([{ field: 'decision', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: `approvals.done.${decision}` };
        return '/approvals';
      },
      invalid: (errors) => void this.render(req, res, itemId, { errors, values: body }, 400),
    });
  }

  /**
   * The reason the holder reads: a chosen template, in the page's words, then anything written. A
   * refusal or a request for changes must have one; an approval or escalation may.
   */
  private reasonOf(req: WebRequest, form: Form, decision: string): { text: string; code: string | null } {
    const template = form.choice('template', REASON_TEMPLATES, false);
    const written = form.text('reason', { required: false, max: 2000 });
    const needed = decision === 'decline' || decision === 'changes';
    if (needed && !template && !written) form.errors.push({ field: 'reason', kind: 'required' });
    else if (needed && !template && written.length < 10) form.errors.push({ field: 'reason', kind: 'too_short', params: { min: 10 } });
    const t = this.pages.translator(req);
    return { text: [template ? t(`approvals.template.${template}`) : '', written].filter(Boolean).join('\n\n'), code: template || null };
  }

  private async render(req: WebRequest, res: WebResponse, itemId: string, data: Record<string, unknown>, status = 200) {
    const request = await this.approvals.item(req.principal!, itemId);
    this.pages.render(req, res, 'broker/approval', { page: 'approval', request, templates: REASON_TEMPLATES, ...data }, status);
  }

  private async renderPanel(req: WebRequest, res: WebResponse, itemId: string, data: Record<string, unknown>, status = 200) {
    const request = await this.approvals.panelItem(req.principal!, itemId);
    this.pages.render(req, res, 'broker/panel-item', { page: 'panel', request, templates: REASON_TEMPLATES, ...data }, status);
  }
}
