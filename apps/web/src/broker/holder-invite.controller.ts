import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { HolderInvitationsService, PlanAccess } from '@kinwell/plans';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

/** A broker invites the person a holder record is for, so they can see and agree their plan themselves. */
@Controller('holders/:holderId/invite')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class HolderInviteController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly access: PlanAccess,
    private readonly invitations: HolderInvitationsService,
  ) {}

  @Roles(Role.BrokerStaff)
  @Get()
  async page(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { holderId }: Record<string, string>) {
    const holder = await this.access.holder(req.principal!, holderId, 'plan');
    const language = holder.languages.includes('ur') ? 'ur' : 'en';
    this.pages.render(req, res, 'broker/invite-holder', {
      page: 'inviteHolder',
      holder,
      values: { displayName: holder.preferredName, language },
    });
  }

  @Roles(Role.BrokerStaff)
  @Post()
  async invite(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { holderId }: Record<string, string>, @Body() body: FormBody) {
    const holder = await this.access.holder(req.principal!, holderId, 'plan');
    const form = new Form(body);
    const values = {
      displayName: form.text('displayName', { max: 200 }),
      email: form.text('email', { max: 320 }),
      language: form.choice('language', ['en', 'ur'] as const),
    };
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const invited = await this.invitations.inviteHolder(req.principal!, holderId, values);
        if (!('email' in invited)) throw new FormInvalid([{ field: 'email', kind: `link_${invited.kind}` }]);
        req.session.flash = { key: 'team.invited', params: { email: values.email } };
        return '/my';
      },
      invalid: (errors) => this.pages.render(req, res, 'broker/invite-holder', { page: 'inviteHolder', holder, errors, values }, 400),
    });
  }
}
