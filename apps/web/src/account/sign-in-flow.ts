import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { AuthService, SecondFactorStep } from '@kinwell/identity';
import { PlanViews } from '@kinwell/plans';
import { Catalogues } from '../core/i18n';
import { rememberLanguage } from '../core/web-session';
import { cookieValue, LANGUAGE_COOKIE, type WebRequest, type WebResponse } from '../core/web-request';

/** express-session's callback methods as a promise. */
export const sessionStep = (step: (done: (error?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) =>
    step((error) => (error ? reject(error instanceof Error ? error : new Error('session store failed')) : resolve())),
  );

/** Only a path on this site: a return address is never another site's. */
export const safeReturn = (to: string | undefined) => (to && /^\/(?![/\\])/.test(to) ? to : '/my');

// A code must follow its password within this long, or the person starts again.
const PENDING_MS = 5 * 60_000;

/** A short, human name for the browser and system a session signed in from: "Firefox on Windows". */
export function deviceOf(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'A browser';
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return system ? `${browser} on ${system}` : browser;
}

/**
 * What every way of signing in does once the first factor is right (a password, an emailed link, single
 * sign-on, a new account): a code next if two-step verification is on; set-up next for staff without it;
 * otherwise signed in. Each step starts a new session id, so nothing from before sign-in carries over.
 */
@Injectable()
export class SignInFlow {
  constructor(
    private readonly auth: AuthService,
    private readonly plans: PlanViews,
    private readonly catalogues: Catalogues,
    private readonly config: AppConfig,
  ) {}

  /** Where to send the person next. */
  async firstFactorDone(
    req: WebRequest,
    res: WebResponse,
    userId: string,
    step?: SecondFactorStep,
    secondFactorDone = false,
  ): Promise<string> {
    const next = secondFactorDone ? 'none' : (step ?? (await this.auth.secondFactorStep(userId)));
    if (next === 'verify') {
      await this.restart(req, { pendingSignIn: { userId, at: Date.now() } });
      return '/sign-in/code';
    }
    await this.signIn(req, res, userId, secondFactorDone);
    return next === 'set_up' ? '/account/two-step/set-up' : this.takeReturn(req);
  }

  /** The code after a password: null when there is no sign-in waiting for one (or it waited too long). */
  pending(req: WebRequest): string | null {
    const pending = req.session.pendingSignIn;
    return pending && Date.now() - pending.at < PENDING_MS ? pending.userId : null;
  }

  async secondFactorDone(req: WebRequest, res: WebResponse, userId: string): Promise<string> {
    await this.signIn(req, res, userId, true);
    return this.takeReturn(req);
  }

  /** After setting up two-step verification: the same session now counts as having passed it. */
  markSecondFactor(req: WebRequest): void {
    req.session.secondFactor = true;
  }

  private async signIn(req: WebRequest, res: WebResponse, userId: string, secondFactor: boolean): Promise<void> {
    await this.restart(req, { userId, secondFactor, signedInAt: new Date().toISOString(), device: deviceOf(req.get('user-agent')) });
    await this.language(req, res, userId);
  }

  private takeReturn(req: WebRequest): string {
    const to = safeReturn(req.session.returnTo);
    delete req.session.returnTo;
    return to;
  }

  /** A new session id, keeping where the person was going and what they had typed. */
  private async restart(req: WebRequest, values: Partial<WebRequest['session']>): Promise<void> {
    const { returnTo, drafts, ask } = req.session;
    await sessionStep((done) => req.session.regenerate(done));
    Object.assign(req.session, { returnTo, drafts, ask, ...values });
  }

  /** Someone who has not chosen a language here reads the pages in their account's, or their holder record's. */
  private async language(req: WebRequest, res: WebResponse, userId: string): Promise<void> {
    if (cookieValue(req, LANGUAGE_COOKIE)) return;
    const principal = await this.auth.principalOf(userId);
    if (!principal) return;
    const mine = await this.plans.mine(principal);
    const language = [principal.language, ...(mine?.holder.languages ?? [])]
      .map((l) => this.catalogues.language(l))
      .find((l) => !!l && l.code !== 'en');
    if (language) {
      rememberLanguage(res, language.code, this.config.isProduction);
      req.language = language.code;
    }
  }
}
