import { Body, Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@kinwell/demo';
import { AuthService, Public, RateLimit, SignedIn } from '@kinwell/identity';
import { PlanViews } from '@kinwell/plans';
import { ReconciliationService } from '@kinwell/reconciliation';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { Catalogues } from '../core/i18n';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import { rememberLanguage, SESSION_COOKIE } from '../core/web-session';
import { cookieValue, LANGUAGE_COOKIE, type WebRequest, type WebResponse } from '../core/web-request';

/** express-session's callback methods as a promise. */
const sessionStep = (step: (done: (error?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) =>
    step((error) => (error ? reject(error instanceof Error ? error : new Error('session store failed')) : resolve())),
  );

/** Only a path on this site: a return address is never another site's. */
const safeReturn = (to: string | undefined) => (to && /^\/(?![/\\])/.test(to) ? to : '/my');

/** Signing in and out of the pages, and the place each person starts from. */
@Controller()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class AccountController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly auth: AuthService,
    private readonly plans: PlanViews,
    private readonly catalogues: Catalogues,
    private readonly config: AppConfig,
    private readonly reconciliation: ReconciliationService,
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
    const password = typeof body.password === 'string' ? body.password : '';
    if (!password) form.errors.push({ field: 'password', kind: 'required' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const outcome = await this.auth.signIn(email, password, req.ip ?? 'unknown');
        if (outcome.kind === 'rate_limited')
          throw new FormInvalid([{ field: 'email', kind: 'rate_limited', params: { seconds: outcome.retryAfterSeconds } }]);
        if (outcome.kind !== 'signed_in') throw new FormInvalid([{ field: 'email', kind: 'invalid_credentials' }]);
        await this.startSession(req, outcome.userId);
        await this.holderLanguage(req, res, outcome.userId);
        const to = safeReturn(req.session.returnTo);
        delete req.session.returnTo;
        return to;
      },
      invalid: (errors) => this.render(req, res, { errors, values: { email } }, 400),
    });
  }

  @SignedIn()
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
  @SignedIn()
  @Post('session/keep-alive')
  @HttpCode(204)
  keepAlive(@Req() req: WebRequest, @Res() res: WebResponse) {
    // Without JavaScript the button is an ordinary form: land somewhere useful rather than on an empty page.
    if (req.get('sec-fetch-mode') === 'navigate') return res.redirect(303, '/my');
    res.status(204).end();
  }

  /** Where each person starts: a holder's plan and budget, a carer's people, or the directory. */
  @SignedIn()
  @Get('my')
  async my(@Req() req: WebRequest, @Res() res: WebResponse) {
    const principal = req.principal!;
    const [mine, supporting] = await Promise.all([this.plans.mine(principal), this.plans.supporting(principal)]);
    const plan = mine ? this.plans.current(mine.plans) : null;
    this.pages.render(req, res, 'account/my', { holder: mine?.holder ?? null, plan, plans: mine?.plans ?? [], supporting });
  }

  @SignedIn()
  @Get('notifications')
  async notifications(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'account/notifications', { notifications: await this.reconciliation.myNotifications(req.principal!) });
  }

  private render(req: WebRequest, res: WebResponse, data: Record<string, unknown>, status = 200) {
    this.pages.render(
      req,
      res,
      'account/sign-in',
      {
        page: 'signIn',
        demo: this.config.seedDemo ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.filter((a) => a.describe) } : null,
        ...data,
      },
      status,
    );
  }

  /** A new session id at sign-in (no fixation), keeping where the person was going and what they had typed. */
  private async startSession(req: WebRequest, userId: string): Promise<void> {
    const { returnTo, drafts, ask } = req.session;
    await sessionStep((done) => req.session.regenerate(done));
    Object.assign(req.session, { userId, returnTo, drafts, ask });
  }

  /** A holder who has not chosen a language here reads the pages in the one their record gives, where Kinwell has it. */
  private async holderLanguage(req: WebRequest, res: WebResponse, userId: string): Promise<void> {
    if (cookieValue(req, LANGUAGE_COOKIE)) return;
    const principal = await this.auth.principalOf(userId);
    const mine = principal ? await this.plans.mine(principal) : null;
    const language = mine?.holder.languages.map((l) => this.catalogues.language(l)).find((l) => !!l);
    if (language) rememberLanguage(res, language.code, this.config.isProduction);
  }
}
