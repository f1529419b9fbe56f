import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { AccountsService, AdministrationService, InvitationKind, passwordProblem, Public, RateLimit } from '@kinwell/identity';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import { type WebRequest, type WebResponse } from '../core/web-request';
import { PasswordPages, passwordOf } from './password-pages';
import { SignInFlow } from './sign-in-flow';

/** Joining Kinwell: accepting an invitation, a provider registering itself, the first administrator's set-up. */
@Controller()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class JoiningController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly accounts: AccountsService,
    private readonly administration: AdministrationService,
    private readonly flow: SignInFlow,
    private readonly passwords: PasswordPages,
  ) {}

  @Public()
  @Get('account/invitation/:token')
  async invitationPage(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string) {
    const view = await this.accounts.viewInvitation(token);
    if ('kind' in view) return this.pages.render(req, res, 'account/link-problem', { problem: view.kind }, 410);
    this.renderInvitation(req, res, token, view, {});
  }

  @Public()
  @Post('account/invitation/:token')
  async accept(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string, @Body() body: FormBody) {
    const view = await this.accounts.viewInvitation(token);
    if ('kind' in view) return this.pages.render(req, res, 'account/link-problem', { problem: view.kind }, 410);
    const form = new Form(body);
    let joining = null;
    if (!view.accountExists) {
      const displayName = form.text('displayName', { max: 200 });
      const how = form.choice('how', ['password', 'link'] as const);
      const password = passwordOf(body, 'password');
      const problem = how === 'password' && password ? passwordProblem(password, view.invitation.email) : null;
      if (how === 'password' && !password) form.errors.push({ field: 'password', kind: 'required' });
      else if (problem) form.errors.push({ field: 'password', kind: `password_${problem}` });
      else if (how === 'password' && password !== passwordOf(body, 'confirm')) form.errors.push({ field: 'confirm', kind: 'mismatch' });
      joining = { displayName, password: how === 'password' ? password : null };
    }
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done = await this.accounts.acceptInvitation(token, joining, req.principal ?? null);
        if ('kind' in done) {
          if (done.kind === 'sign_in_to_accept') {
            req.session.returnTo = `/account/invitation/${token}`;
            return '/sign-in';
          }
          throw new FormInvalid([{ field: view.accountExists ? 'accept' : 'displayName', kind: `link_${done.kind}` }]);
        }
        req.session.flash = { key: `invitation.joined.${done.invitation.kind}` };
        if (req.principal) return '/my';
        // They proved the email by opening the link: signed in at once (staff go on to set up two-step verification).
        return this.flow.firstFactorDone(req, res, done.userId);
      },
      invalid: (errors) =>
        this.renderInvitation(req, res, token, view, { errors, values: { displayName: joining?.displayName, how: body.how } }, 400),
    });
  }

  @Public()
  @Get('register')
  async registerPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/register', { page: 'register', areas: await this.administration.areas() });
  }

  @Public()
  @Post('register')
  async register(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const areas = await this.administration.areas();
    const form = new Form(body);
    const values = {
      organisationName: form.text('organisationName', { max: 200 }),
      areaId: form.choice(
        'areaId',
        areas.map((a) => a.id),
      ),
      contactPhone: form.text('contactPhone', { required: false, max: 40 }),
      displayName: form.text('displayName', { max: 200 }),
      email: form.text('email', { max: 320 }),
    };
    if (values.contactPhone && !/^[+\d][\d\s()-]{6,}$/.test(values.contactPhone))
      form.errors.push({ field: 'contactPhone', kind: 'invalid_phone' });
    const password = passwordOf(body, 'password');
    const problem = password ? passwordProblem(password, values.email) : null;
    if (!password) form.errors.push({ field: 'password', kind: 'required' });
    else if (problem) form.errors.push({ field: 'password', kind: `password_${problem}` });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.accounts.registerProvider({ ...values, contactPhone: values.contactPhone || null, password, language: req.language });
        return '/register/received';
      },
      invalid: (errors) => this.pages.render(req, res, 'account/register', { page: 'register', areas, errors, values }, 400),
    });
  }

  @Public()
  @Get('register/received')
  registered(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/message', { message: 'registered' });
  }

  @Public()
  @Get('account/set-up/:token')
  async setUpPage(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string) {
    const problem = await this.administration.checkSetUpLink(token);
    if (problem) return this.pages.render(req, res, 'account/link-problem', { problem: problem.kind }, 410);
    this.pages.render(req, res, 'account/new-password', { page: 'newPassword', action: `/account/set-up/${token}`, purpose: 'setUp' });
  }

  @Public()
  @Post('account/set-up/:token')
  async setUp(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string, @Body() body: FormBody) {
    await this.passwords.newPassword(req, res, body, `/account/set-up/${token}`, 'setUp', async (chosen) => {
      const done = await this.administration.completeSetUp(token, chosen);
      if ('kind' in done) return done.kind;
      req.session.flash = { key: 'account.setUpDone' };
      return null;
    });
  }

  private renderInvitation(
    req: WebRequest,
    res: WebResponse,
    token: string,
    view: Exclude<Awaited<ReturnType<AccountsService['viewInvitation']>>, { kind: string; message: string }>,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const signedInAsInvitee = !!req.principal && req.principal.email.toLowerCase() === view.invitation.email.toLowerCase();
    this.pages.render(
      req,
      res,
      'account/invitation',
      {
        page: 'invitation',
        action: `/account/invitation/${token}`,
        invitation: view.invitation,
        organisationName: view.organisationName,
        accountExists: view.accountExists,
        signedInAsInvitee,
        signedInAsSomeoneElse: !!req.principal && !signedInAsInvitee,
        forStaff: view.invitation.kind === InvitationKind.Staff,
        ...data,
      },
      status,
    );
  }
}
