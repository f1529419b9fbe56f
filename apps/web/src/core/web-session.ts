import { Injectable, NestMiddleware, OnApplicationShutdown } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@kinwell/config';
import { AuthService } from '@kinwell/identity';
import { Catalogues } from './i18n';
import { Pages } from './pages';
import { cookieValue, LANGUAGE_COOKIE, seeOther, type WebRequest, type WebResponse } from './web-request';

export const SESSION_COOKIE = 'kinwell_session';
const YEAR_SECONDS = 365 * 24 * 3600;
// Form fields never kept in a draft: tokens and secrets.
const NOT_DRAFTED = new Set(['_csrf', '_form', 'password', 'confirm', 'code']);

/** Sets the language cookie, remembered for a year. */
export function rememberLanguage(res: Response, code: string, secure: boolean): void {
  res.append('Set-Cookie', `${LANGUAGE_COOKIE}=${code}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax${secure ? '; Secure' : ''}`);
}

/**
 * What every page route runs before its controller: the language; the server-side session (PostgreSQL, so it
 * survives restarts and is shared by several web processes); who is signed in; and the CSRF check on every POST.
 * None of it is mounted on /graphql, so a cookie can never sign anyone in to the API.
 */
@Injectable()
export class WebSession implements OnApplicationShutdown {
  private readonly store: session.Store & { close(): void };
  private readonly session: ReturnType<typeof session>;
  private readonly csrf: ReturnType<typeof csrfSync>;

  constructor(
    private readonly config: AppConfig,
    dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly catalogues: Catalogues,
    private readonly pages: Pages,
  ) {
    const PgStore = connectPgSimple(session);
    // The same pool TypeORM uses: sessions are a few small statements per request.
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.store = new PgStore({
      pool,
      tableName: 'web_session',
      createTableIfMissing: false,
      // Expired rows are refused on read; this only tidies them away. Off in tests, where nothing lives long.
      pruneSessionInterval: config.env === 'test' ? false : 15 * 60,
    });
    const idleMs = config.web.sessionIdleMinutes * 60_000;
    this.session = session({
      name: SESSION_COOKIE,
      // Derived from the API's signing secret, so there is one secret to set and guard.
      secret: createHmac('sha256', config.auth.jwtSecret).update('kinwell web session').digest('base64'),
      store: this.store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.isProduction, maxAge: idleMs, path: '/' },
    });
    this.csrf = csrfSync({
      // A multipart form (a receipt photo) is read after this check, so its token travels in the action's query.
      getTokenFromRequest: (req) =>
        (req.body as Record<string, string> | undefined)?._csrf ?? (typeof req.query._csrf === 'string' ? req.query._csrf : undefined),
    });
  }

  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    const wreq = req as WebRequest;
    const wres = res as WebResponse;
    if (this.switchLanguage(wreq, wres)) return;
    this.session(req, res, (error?: unknown) => {
      if (error) return next(error);
      req.csrfToken = () => this.csrf.generateToken(req);
      this.signedIn(wreq)
        .then(() => {
          if (req.method !== 'POST' || this.csrf.isRequestValid(req)) return next();
          return this.formExpired(wreq, wres);
        })
        .catch(next);
    });
  };

  onApplicationShutdown(): void {
    this.store.close();
  }

  /** `?lang=ur` on any page: remembered in a cookie, then the same page without it. */
  private switchLanguage(req: WebRequest, res: WebResponse): boolean {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    if (req.method === 'GET' && asked && this.catalogues.language(asked)) {
      rememberLanguage(res, asked, this.config.isProduction);
      const url = new URL(req.originalUrl, 'http://x');
      url.searchParams.delete('lang');
      res.redirect(303, `${url.pathname}${url.search}`);
      return true;
    }
    req.language = this.catalogues.chosen(cookieValue(req, LANGUAGE_COOKIE));
    return false;
  }

  private async signedIn(req: WebRequest): Promise<void> {
    const userId = req.session.userId;
    if (!userId) return;
    const principal = await this.auth.principalOf(userId, req.session.secondFactor === true);
    if (principal) req.principal = principal;
    else delete req.session.userId;
  }

  /**
   * A POST without a valid token: the session ended (or never existed) while the form was open, or another
   * site sent it. What was typed is kept for our own pages only (the browser says where the form came from),
   * and the person lands on the form again, signing in first if it needs them.
   */
  private async formExpired(req: WebRequest, res: WebResponse): Promise<void> {
    const origin = req.headers.origin ?? req.headers.referer;
    const ours = !origin || new URL(origin, 'http://x').host === req.headers.host;
    if (!ours || !req.is('application/x-www-form-urlencoded')) return this.pages.problem(req, res, 'form_expired');
    const path = req.originalUrl.split('?')[0];
    const draft = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && !NOT_DRAFTED.has(e[0]) && e[1].length <= 5000,
      ),
    );
    req.session.drafts = { ...req.session.drafts, [path]: draft };
    req.session.flash = { key: 'common.formExpired' };
    await seeOther(req, res, path);
  }
}

/** Nest's handle on WebSession for the page routes. */
@Injectable()
export class WebSessionMiddleware implements NestMiddleware {
  constructor(private readonly session: WebSession) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.session.handle(req, res, next);
  }
}
