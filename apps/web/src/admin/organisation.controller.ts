import { Body, Controller, Get, NotFoundException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { CapturedEmails } from '@kinwell/mail';
import { AccountsService, AdministrationService, InvitationKind, OrganisationKind, RateLimit, Role, SignedIn } from '@kinwell/identity';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import { seeOther, type WebRequest, type WebResponse } from '../core/web-request';

const LANGUAGES = ['en', 'ur'] as const;

/**
 * Running an organisation (its admins: members, roles, invitations), running the platform (areas and
 * organisations), deciding providers' registrations (moderators), and, in development, the captured emails.
 */
@Controller()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class OrganisationController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly accounts: AccountsService,
    private readonly administration: AdministrationService,
    private readonly emails: CapturedEmails,
    private readonly config: AppConfig,
  ) {}

  @SignedIn()
  @Get('organisations/:organisationId/team')
  async team(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId }: Record<string, string>) {
    const principal = req.principal!;
    const { organisation, members, roles } = await this.administration.members(principal, organisationId);
    const invitations = (await this.accounts.openInvitations(principal, organisationId)).filter((i) => i.kind === InvitationKind.Staff);
    this.pages.render(req, res, 'admin/team', { organisation, members, roles, invitations, me: principal.userId });
  }

  @SignedIn()
  @Get('organisations/:organisationId/invite')
  async invitePage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId }: Record<string, string>) {
    const { organisation, roles } = await this.administration.members(req.principal!, organisationId);
    this.pages.render(req, res, 'admin/invite', { page: 'invite', organisation, roles, values: { role: roles[0], language: 'en' } });
  }

  @SignedIn()
  @Post('organisations/:organisationId/invite')
  async invite(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { organisationId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const { organisation, roles } = await this.administration.members(req.principal!, organisationId);
    const form = new Form(body);
    const values = {
      displayName: form.text('displayName', { max: 200 }),
      email: form.text('email', { max: 320 }),
      role: form.choice('role', roles),
      admin: form.checked('admin'),
      language: form.choice('language', LANGUAGES),
    };
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const invited = await this.accounts.inviteStaff(req.principal!, {
          organisationId,
          ...values,
          role: values.role as Role,
          language: values.language,
        });
        if ('kind' in invited && !('email' in invited)) throw new FormInvalid([{ field: 'email', kind: `link_${invited.kind}` }]);
        req.session.flash = { key: 'team.invited', params: { email: values.email } };
        return `/organisations/${organisationId}/team`;
      },
      invalid: (errors) => this.pages.render(req, res, 'admin/invite', { page: 'invite', organisation, roles, errors, values }, 400),
    });
  }

  @SignedIn()
  @Post('organisations/:organisationId/invitations/:invitationId/resend')
  async resend(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId, invitationId }: Record<string, string>) {
    const done = await this.accounts.resendInvitation(req.principal!, invitationId);
    req.session.flash = { key: 'email' in done ? 'team.resend' : 'team.notOpen' };
    await seeOther(req, res, `/organisations/${organisationId}/team`);
  }

  @SignedIn()
  @Post('organisations/:organisationId/invitations/:invitationId/withdraw')
  async withdraw(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId, invitationId }: Record<string, string>) {
    const done = await this.accounts.withdrawInvitation(req.principal!, invitationId);
    req.session.flash = { key: 'email' in done ? 'team.withdraw' : 'team.notOpen' };
    await seeOther(req, res, `/organisations/${organisationId}/team`);
  }

  @SignedIn()
  @Get('organisations/:organisationId/members/:userId')
  async memberPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId, userId }: Record<string, string>) {
    const { organisation, members, roles } = await this.administration.members(req.principal!, organisationId);
    const member = members.find((m) => m.userId === userId);
    if (!member) throw new NotFoundException();
    this.pages.render(req, res, 'admin/member', { page: 'member', organisation, member, roles, me: req.principal!.userId });
  }

  @SignedIn()
  @Post('organisations/:organisationId/members/:userId')
  async changeMember(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { organisationId, userId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const { organisation, members, roles } = await this.administration.members(req.principal!, organisationId);
    const member = members.find((m) => m.userId === userId);
    if (!member) throw new NotFoundException();
    const form = new Form(body);
    const role = form.choice('role', roles);
    const admin = form.checked('admin');
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.administration.changeRole(req.principal!, organisationId, userId, member.role, role as Role, admin);
        req.session.flash = { key: 'team.changed', params: { name: member.displayName } };
        return `/organisations/${organisationId}/team`;
      },
      invalid: (errors) =>
        this.pages.render(
          req,
          res,
          'admin/member',
          { page: 'member', organisation, member, roles, errors, me: req.principal!.userId },
          400,
        ),
    });
  }

  @SignedIn()
  @Post('organisations/:organisationId/members/:userId/deactivate')
  async deactivate(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId, userId }: Record<string, string>) {
    await this.administration.deactivate(req.principal!, organisationId, userId);
    req.session.flash = { key: 'team.deactivated' };
    await seeOther(req, res, `/organisations/${organisationId}/team`);
  }

  @SignedIn()
  @Get('admin/organisations')
  async organisations(@Req() req: WebRequest, @Res() res: WebResponse) {
    const organisations = await this.administration.organisations(req.principal!);
    this.pages.render(req, res, 'admin/organisations', {
      page: 'organisations',
      organisations,
      areas: organisations.filter((o) => o.kind === OrganisationKind.Commissioner),
      kinds: Object.values(OrganisationKind),
    });
  }

  @SignedIn()
  @Post('admin/organisations')
  async createOrganisation(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const organisations = await this.administration.organisations(req.principal!);
    const areas = organisations.filter((o) => o.kind === OrganisationKind.Commissioner);
    const form = new Form(body);
    const values = {
      name: form.text('name', { max: 200 }),
      kind: form.choice('kind', Object.values(OrganisationKind)),
      areaId: form.choice(
        'areaId',
        areas.map((a) => a.id),
        false,
      ),
    };
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const made = await this.administration.createOrganisation(req.principal!, {
          name: values.name,
          kind: values.kind as OrganisationKind,
          areaId: values.areaId || null,
        });
        req.session.flash = { key: 'admin.created', params: { name: made.name } };
        return '/admin/organisations';
      },
      invalid: (errors) =>
        this.pages.render(
          req,
          res,
          'admin/organisations',
          { page: 'organisations', organisations, areas, kinds: Object.values(OrganisationKind), errors, values },
          400,
        ),
    });
  }

  @SignedIn()
  @Get('moderation/registrations')
  async registrations(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'admin/registrations', {
      page: 'registrations',
      registrations: await this.accounts.pendingRegistrations(req.principal!),
    });
  }

  @SignedIn()
  @Post('moderation/registrations/:organisationId')
  async decide(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { organisationId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const decision = form.choice('decision', ['approve', 'reject'] as const);
    const reason = form.text('reason', { required: decision === 'reject', max: 2000 });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.accounts.decideRegistration(req.principal!, organisationId, decision === 'approve', reason || null);
        req.session.flash = {
          key: 'kind' in done && !('name' in done) ? 'moderation.alreadyDecided' : `moderation.${decision}d`,
          params: { name: 'name' in done ? done.name : '' },
        };
        return '/moderation/registrations';
      },
      invalid: (errors) =>
        void this.accounts
          .pendingRegistrations(req.principal!)
          .then((registrations) =>
            this.pages.render(
              req,
              res,
              'admin/registrations',
              { page: 'registrations', registrations, errors, failed: organisationId },
              400,
            ),
          ),
    });
  }

  /** Development only, platform admins only: what Kinwell would have emailed, for following a link without an inbox. */
  @SignedIn()
  @Get('dev/emails')
  async capturedEmails(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.assertCapturedEmailsOpen(req);
    this.pages.render(req, res, 'admin/emails', { emails: await this.emails.list() });
  }

  @SignedIn()
  @Get('dev/emails/:emailId')
  async capturedEmail(@Req() req: WebRequest, @Res() res: WebResponse, @Param('emailId') emailId: string) {
    this.assertCapturedEmailsOpen(req);
    const email = await this.emails.find(emailId);
    if (!email) throw new NotFoundException();
    this.pages.render(req, res, 'admin/email', { email, lines: email.body.split('\n') });
  }

  private assertCapturedEmailsOpen(req: WebRequest): void {
    // Not there at all in production, or where a real mail server sends the mail.
    if (this.config.isProduction || this.config.mail.smtpUrl || !req.principal!.isPlatformAdmin) throw new NotFoundException();
  }
}
