import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  AccountsService,
  AdministrationService,
  Public,
  RateLimit,
  Role,
  ROLES_NEEDING_SECOND_FACTOR,
  SecondFactorService,
  SettingUpSecondFactor,
  SignedIn,
} from '@kinwell/identity';
import { HolderInvitationsService, IntakeDecisionsService, PlanViews } from '@kinwell/plans';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import { seeOther, type WebRequest, type WebResponse } from '../core/web-request';
import { SignInFlow } from './sign-in-flow';

/** The place each person starts from, and their own account: two-step verification, sessions, email. */
@Controller()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class AccountController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly plans: PlanViews,
    private readonly accounts: AccountsService,
    private readonly administration: AdministrationService,
    private readonly secondFactor: SecondFactorService,
    private readonly invitations: HolderInvitationsService,
    private readonly intake: IntakeDecisionsService,
    private readonly flow: SignInFlow,
  ) {}

  /** Where each person starts: a holder's plan and budget, a carer's people, their organisations' work, or the directory. */
  @SignedIn()
  @Get('my')
  async my(@Req() req: WebRequest, @Res() res: WebResponse) {
    const principal = req.principal!;
    const broker = principal.hasRole(Role.BrokerStaff);
    const [mine, supporting, uninvited, requests] = await Promise.all([
      this.plans.mine(principal),
      this.plans.supporting(principal),
      this.invitations.holdersWithoutAccounts(principal),
      broker ? this.intake.newRequests(principal) : Promise.resolve([]),
    ]);
    const plan = mine ? this.plans.current(mine.plans) : null;
    const organisations = principal.memberships
      .filter((m) => m.admin)
      .map((m) => m.organisationId)
      .filter((id, i, all) => all.indexOf(id) === i);
    this.pages.render(req, res, 'account/my', {
      holder: mine?.holder ?? null,
      plan,
      plans: mine?.plans ?? [],
      supporting,
      uninvited,
      broker,
      approver: principal.hasRole(Role.CareCoordinator, Role.TeamLead, Role.PhbLead, Role.PanelMember, Role.Commissioner, Role.BrokerStaff),
      clinician: principal.hasRole(Role.CareCoordinator, Role.TeamLead),
      chair: principal.hasRole(Role.PhbLead, Role.Commissioner),
      commissioner: principal.hasRole(Role.PhbLead, Role.Commissioner),
      provider: principal.hasRole(Role.ProviderStaff),
      requests: requests.length,
      adminOf: organisations,
      platformAdmin: principal.isPlatformAdmin,
      moderator: principal.hasRole(Role.BrokerStaff, Role.Commissioner, Role.PlatformAdmin),
    });
  }

  /** Your account: details, two-step verification, where you are signed in. */
  @SettingUpSecondFactor()
  @Get('account')
  async account(@Req() req: WebRequest, @Res() res: WebResponse) {
    const principal = req.principal!;
    const [enabled, remaining, sessions] = await Promise.all([
      this.secondFactor.enabled(principal.userId),
      this.secondFactor.remainingRecoveryCodes(principal.userId),
      this.administration.sessions(principal),
    ]);
    this.pages.render(req, res, 'account/account', {
      enabled,
      remaining,
      required: principal.memberships.some((m) => ROLES_NEEDING_SECOND_FACTOR.includes(m.role)),
      sessions: sessions.map((s) => ({ ...s, current: s.id === req.sessionID })),
    });
  }

  @SettingUpSecondFactor()
  @Post('account/sessions/:sessionId/end')
  async endSession(@Req() req: WebRequest, @Res() res: WebResponse, @Param('sessionId') sessionId: string) {
    await this.administration.endSession(req.principal!, sessionId);
    if (sessionId === req.sessionID) return seeOther(req, res, '/signed-out');
    req.session.flash = { key: 'account.sessionEnded' };
    await seeOther(req, res, '/account');
  }

  @SettingUpSecondFactor()
  @Get('account/two-step/set-up')
  async setUpPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    const principal = req.principal!;
    if (await this.secondFactor.enabled(principal.userId)) return res.redirect(303, '/account');
    const setUp = (await this.secondFactor.pendingSetUp(principal.userId)) ?? (await this.secondFactor.beginSetUp(principal.userId));
    this.pages.render(req, res, 'account/two-step', { page: 'twoStep', setUp, required: principal.needsSecondFactor });
  }

  @SettingUpSecondFactor()
  @Post('account/two-step/set-up')
  async setUp(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const principal = req.principal!;
    const form = new Form(body);
    const code = form.text('code', { max: 20 }).replace(/\s/g, '');
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const codes = await this.secondFactor.confirmSetUp(principal.userId, code);
        if (!codes) throw new FormInvalid([{ field: 'code', kind: 'wrong_code' }]);
        this.flow.markSecondFactor(req);
        req.session.recoveryCodes = codes;
        return '/account/two-step/recovery-codes';
      },
      invalid: (errors) =>
        void this.secondFactor
          .pendingSetUp(principal.userId)
          .then((setUp) =>
            this.pages.render(req, res, 'account/two-step', { page: 'twoStep', errors, setUp, required: principal.needsSecondFactor }, 400),
          ),
    });
  }

  /** Shown once: the page reads them out of the session and forgets them. */
  @SignedIn()
  @Get('account/two-step/recovery-codes')
  recoveryCodes(@Req() req: WebRequest, @Res() res: WebResponse) {
    const codes = req.session.recoveryCodes;
    delete req.session.recoveryCodes;
    if (!codes) return res.redirect(303, '/account');
    res.setHeader('Cache-Control', 'no-store');
    this.pages.render(req, res, 'account/recovery-codes', { codes });
  }

  @SignedIn()
  @Post('account/two-step/turn-off')
  async turnOff(@Req() req: WebRequest, @Res() res: WebResponse) {
    const principal = req.principal!;
    await this.secondFactor.turnOff(
      principal.userId,
      principal.memberships.map((m) => m.role),
    );
    req.session.flash = { key: 'account.twoStepOff' };
    await seeOther(req, res, '/account');
  }

  @SettingUpSecondFactor()
  @Post('account/verify')
  async resendVerification(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.accounts.sendVerification(req.principal!.userId);
    req.session.flash = { key: 'account.verificationSent' };
    await seeOther(req, res, '/account');
  }

  @Public()
  @Get('account/verify/:token')
  verifyPage(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string) {
    this.pages.render(req, res, 'account/confirm-link', {
      message: 'verify',
      action: `/account/verify/${/^[\w-]{43}$/.test(token) ? token : 'x'}`,
    });
  }

  @Public()
  @Post('account/verify/:token')
  async verify(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string) {
    const done = await this.accounts.verifyEmail(token);
    if ('kind' in done) return this.pages.render(req, res, 'account/link-problem', { problem: done.kind }, 410);
    req.session.flash = { key: 'account.emailVerified' };
    await seeOther(req, res, req.principal ? '/account' : '/sign-in');
  }
}
