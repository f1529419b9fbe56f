import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { isEmailAddress } from '@kinwell/kernel';
import { generateSync } from 'otplib';
import { AppConfig } from '@kinwell/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@kinwell/demo';
import { AccountsService, AuthService, Public, RateLimit, SettingUpSecondFactor, SingleSignOn } from '@kinwell/identity';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import { SESSION_COOKIE } from '../core/web-session';
import { seeOther, type WebRequest, type WebResponse } from '../core/web-request';
import { PasswordPages, passwordOf } from './password-pages';
import { safeReturn, sessionStep, SignInFlow } from './sign-in-flow';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Every way into Kinwell: a password, then a code where it is on; an emailed link; single sign-on; a reset. */
@Controller()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class SignInController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
    private readonly sso: SingleSignOn,
    private readonly flow: SignInFlow,
    private readonly passwords: PasswordPages,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('sign-in')
  signInPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    if (req.principal) return res.redirect(303, safeReturn(req.session.returnTo));
    this.render(req, res, {});
  }

  @Public()
  @Post('sign-in')
  async signIn(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const form = new Form(body);
    const email = form.text('email', { max: 320 });
    const given = passwordOf(body);
    if (!given) form.errors.push({ field: 'password', kind: 'required' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const outcome = await this.auth.verifyPassword(email, given, req.ip ?? 'unknown');
        if (outcome.kind === 'rate_limited')
          throw new FormInvalid([{ field: 'email', kind: 'rate_limited', params: { seconds: outcome.retryAfterSeconds } }]);
        if (outcome.kind === 'link_sent') return '/sign-in/email/sent?why=protect';
        if (outcome.kind !== 'verified') throw new FormInvalid([{ field: 'email', kind: 'invalid_credentials' }]);
        return this.flow.firstFactorDone(req, res, outcome.userId, outcome.secondFactor);
      },
      invalid: (errors) => this.render(req, res, { errors, values: { email } }, 400),
    });
  }

  @Public()
  @Get('sign-in/code')
  codePage(@Req() req: WebRequest, @Res() res: WebResponse) {
    if (!this.flow.pending(req)) return res.redirect(303, '/sign-in');
    this.pages.render(req, res, 'account/code', { page: 'code', demoCode: this.demoCode() });
  }

  @Public()
  @Post('sign-in/code')
  async code(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const userId = this.flow.pending(req);
    if (!userId) return seeOther(req, res, '/sign-in');
    const form = new Form(body);
    const code = form.text('code', { max: 20 }).replace(/\s/g, '');
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        if (!(await this.auth.checkCode(userId, code))) throw new FormInvalid([{ field: 'code', kind: 'wrong_code' }]);
        return this.flow.secondFactorDone(req, res, userId);
      },
      invalid: (errors) => this.pages.render(req, res, 'account/code', { page: 'code', errors, demoCode: this.demoCode() }, 400),
    });
  }

  @Public()
  @Get('sign-in/email')
  emailPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/ask-email', { page: 'signInEmail', purpose: 'signInLink', action: '/sign-in/email' });
  }

  @Public()
  @Post('sign-in/email')
  async email(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    await this.askByEmail(
      req,
      res,
      body,
      'signInLink',
      '/sign-in/email',
      (email) => this.accounts.requestSignInLink(email),
      '/sign-in/email/sent',
    );
  }

  @Public()
  @Get('sign-in/email/sent')
  emailSent(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/message', { message: req.query.why === 'protect' ? 'protected' : 'linkSent' });
  }

  @Public()
  @Get('sign-in/link/:token')
  async linkPage(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string) {
    // Opening the link only shows a button: mail scanners that follow links do not use it up.
    this.pages.render(req, res, 'account/confirm-link', {
      message: 'signInLink',
      action: `/sign-in/link/${TOKEN.test(token) ? token : 'x'}`,
    });
  }

  @Public()
  @Post('sign-in/link/:token')
  async useLink(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string) {
    const used = await this.accounts.useSignInLink(token);
    if ('kind' in used) return this.pages.render(req, res, 'account/link-problem', { problem: used.kind }, 410);
    await seeOther(req, res, await this.flow.firstFactorDone(req, res, used.userId));
  }

  @Public()
  @Get('sign-in/oidc/:key')
  async singleSignOn(@Req() req: WebRequest, @Res() res: WebResponse, @Param('key') key: string) {
    const started = await this.sso.start(key);
    if (!started) return this.pages.render(req, res, 'account/link-problem', { problem: 'sso_unavailable' }, 503);
    const { url, ...kept } = started;
    req.session.oidc = { key, ...kept };
    await seeOther(req, res, url);
  }

  @Public()
  @Get('sign-in/oidc/:key/callback')
  async singleSignOnCallback(@Req() req: WebRequest, @Res() res: WebResponse, @Param('key') key: string) {
    const started = req.session.oidc;
    delete req.session.oidc;
    if (!started || started.key !== key) return this.pages.render(req, res, 'account/link-problem', { problem: 'sso_failed' }, 400);
    const outcome = await this.sso.finish(key, req.originalUrl, started);
    if (outcome.kind !== 'matched') return this.pages.render(req, res, 'account/link-problem', { problem: `sso_${outcome.kind}` }, 403);
    await seeOther(req, res, await this.flow.firstFactorDone(req, res, outcome.userId, undefined, outcome.secondFactorDone));
  }

  @Public()
  @Get('account/forgotten-password')
  forgottenPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/ask-email', { page: 'forgotten', purpose: 'forgotten', action: '/account/forgotten-password' });
  }

  @Public()
  @Post('account/forgotten-password')
  async forgotten(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    await this.askByEmail(
      req,
      res,
      body,
      'forgotten',
      '/account/forgotten-password',
      (email) => this.accounts.requestPasswordReset(email),
      '/account/reset-sent',
    );
  }

  @Public()
  @Get('account/reset-sent')
  resetSent(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/message', { message: 'resetSent' });
  }

  @Public()
  @Get('account/reset/:token')
  async resetPage(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string) {
    const problem = await this.accounts.checkResetLink(token);
    if (problem) return this.pages.render(req, res, 'account/link-problem', { problem: problem.kind }, 410);
    this.pages.render(req, res, 'account/new-password', { page: 'newPassword', action: `/account/reset/${token}`, purpose: 'reset' });
  }

  @Public()
  @Post('account/reset/:token')
  async reset(@Req() req: WebRequest, @Res() res: WebResponse, @Param('token') token: string, @Body() body: FormBody) {
    await this.passwords.newPassword(req, res, body, `/account/reset/${token}`, 'reset', async (chosen) => {
      const done = await this.accounts.resetPassword(token, chosen);
      if ('kind' in done) return done.kind;
      req.session.flash = { key: 'account.passwordChanged' };
      return null;
    });
  }

  @SettingUpSecondFactor()
  @Post('sign-out')
  async signOut(@Req() req: WebRequest, @Res() res: WebResponse) {
    await sessionStep((done) => req.session.destroy(done));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/signed-out');
  }

  @Public()
  @Get('signed-out')
  signedOut(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/signed-out');
  }

  /** The timeout warning's "Stay signed in": any request keeps a session alive, this one does nothing else. */
  @SettingUpSecondFactor()
  @Post('session/keep-alive')
  @HttpCode(204)
  keepAlive(@Req() req: WebRequest, @Res() res: WebResponse) {
    // Without JavaScript the button is an ordinary form: land somewhere useful rather than on an empty page.
    if (req.get('sec-fetch-mode') === 'navigate') return res.redirect(303, '/my');
    res.status(204).end();
  }

  /** "Email me a link" and "I forgot my password": one email field, and the same answer for every address. */
  private async askByEmail(
    req: WebRequest,
    res: WebResponse,
    body: FormBody,
    purpose: string,
    action: string,
    send: (email: string) => Promise<void>,
    next: string,
  ): Promise<void> {
    const form = new Form(body);
    const email = form.text('email', { max: 320 });
    if (email && !isEmailAddress(email)) form.errors.push({ field: 'email', kind: 'invalid_email' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await send(email);
        return next;
      },
      invalid: (errors) =>
        this.pages.render(
          req,
          res,
          'account/ask-email',
          { page: purpose === 'forgotten' ? 'forgotten' : 'signInEmail', errors, values: { email }, purpose, action },
          400,
        ),
    });
  }

  private render(req: WebRequest, res: WebResponse, data: Record<string, unknown>, status = 200) {
    this.pages.render(
      req,
      res,
      'account/sign-in',
      {
        page: 'signIn',
        providers: this.sso.providers(),
        demo:
          this.config.seedDemo && !this.config.isProduction
            ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.filter((a) => a.describe) }
            : null,
        ...data,
      },
      status,
    );
  }

  /** In a development demo only: the demo staff accounts' current code, so a newcomer needs no phone. */
  private demoCode(): string | null {
    return this.config.seedDemo && !this.config.isProduction ? generateSync({ secret: DEMO_TOTP_SECRET }) : null;
  }
}
