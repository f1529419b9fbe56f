import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AppConfig } from '@kinwell/config';
import { AssetManifest } from './assets';
import { Catalogues } from './i18n';
import { errorView, FieldError } from './forms';
import { PROJECT_ROOT, WEB_ROOT } from './web-root';
import { cookieValue, LANGUAGE_COOKIE, type WebRequest, type WebResponse } from './web-request';

export const ASSET_MANIFEST = Symbol('kinwell:asset-manifest');
/** For the app's last-resort error filter: an address nothing answers, shown as the web's 404 page. */
export const PAGE_NOT_FOUND = Symbol('kinwell:page-not-found');
export type PageNotFound = (req: Request, res: Response) => void;

export type ProblemKind = 'not_found' | 'forbidden' | 'rate_limited' | 'server' | 'form_expired' | 'bad_request' | 'too_large';

const STATUS: Record<ProblemKind, number> = {
  not_found: 404,
  forbidden: 403,
  rate_limited: 429,
  server: 500,
  form_expired: 403,
  bad_request: 400,
  too_large: 413,
};

export interface PageData {
  /** The form's mistakes, shown in the error summary and beside each field. */
  errors?: FieldError[];
  /** The page's name in the catalogue, for error messages (errors.<page>.<field>.<kind>). */
  page?: string;
  [key: string]: unknown;
}

/** Renders a page: the layout's language, direction, money and dates, the CSP nonce, the CSRF token and the signed-in person. */
@Injectable()
export class Pages {
  private readonly logger = new Logger('Pages');
  private readonly env: nunjucks.Environment;
  private readonly assetUrl: string;

  constructor(
    private readonly catalogues: Catalogues,
    private readonly config: AppConfig,
    @Inject(ASSET_MANIFEST) manifest: AssetManifest,
  ) {
    const loader = new nunjucks.FileSystemLoader([join(WEB_ROOT, 'views'), join(PROJECT_ROOT, 'node_modules', 'nhsuk-frontend', 'dist')], {
      noCache: config.env === 'development',
    });
    this.env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
    this.assetUrl = `/assets/${manifest.version}`;
  }

  render(req: WebRequest, res: WebResponse, view: string, data: PageData = {}, status = 200): void {
    const html = this.env.render(`${view}.njk`, { ...this.context(req, res, data), ...data });
    res.status(status).type('html').send(html);
  }

  /** A page that says what went wrong in plain words; a server fault gives the request's reference, which the log carries. */
  problem(req: WebRequest, res: WebResponse, kind: ProblemKind, params: Record<string, unknown> = {}): void {
    try {
      this.render(req, res, 'errors/problem', { kind, params, reference: req.id }, STATUS[kind]);
    } catch (error) {
      // The error page itself failed: plain text, still with the reference.
      this.logger.error(`Error page failed: ${String(error)}`);
      res
        .status(STATUS[kind])
        .type('text')
        .send(`Sorry, something went wrong. Reference: ${req.id ?? 'none'}`);
    }
  }

  /** The 404 page for an address no route answers; the request has no session, so it is read as signed out. */
  readonly notFound: PageNotFound = (req, res) => {
    const web = req as WebRequest;
    web.language = this.catalogues.chosen(cookieValue(req, LANGUAGE_COOKIE));
    this.problem(web, res as WebResponse, 'not_found');
  };

  /** The page's catalogue, for words a controller writes into what it stores (a chosen reason). */
  /** The code of the language this page is in (en, ur). */
  language(req: WebRequest): string {
    return (this.catalogues.language(req.language) ?? this.catalogues.languages[0]).code;
  }

  translator(req: WebRequest) {
    return this.catalogues.translator((this.catalogues.language(req.language) ?? this.catalogues.languages[0]).code);
  }

  private context(req: WebRequest, res: WebResponse, data: PageData) {
    const language = this.catalogues.language(req.language) ?? this.catalogues.languages[0];
    const t = this.translator(req);
    const path = req.originalUrl.split('?')[0];
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    const flash = req.session?.flash;
    if (flash) delete req.session.flash;
    const principal = req.principal;
    return {
      t,
      lang: language.code,
      dir: language.dir,
      reviewed: language.reviewed,
      languages: this.catalogues.languages.map((l) => {
        const q = new URLSearchParams(query);
        q.set('lang', l.code);
        return { ...l, current: l.code === language.code, href: `${path}?${q.toString()}` };
      }),
      money: (pence: number | null | undefined) => (pence == null ? '' : this.catalogues.formatMoney(language.code, pence)),
      date: (value: Date | string | null | undefined) => this.catalogues.formatDate(language.code, value),
      moment: (value: Date | null | undefined) => this.catalogues.formatMoment(language.code, value),
      cspNonce: res.locals.cspNonce,
      // Made only when a page has a form, so reading a public page never writes a session.
      csrf: () => req.csrfToken?.() ?? '',
      formKey: () => randomUUID(),
      assetUrl: this.assetUrl,
      path,
      flash: flash ? t(flash.key, flash.params) : null,
      signedIn: !!principal,
      principal: principal ? { displayName: principal.displayName, email: principal.email } : null,
      idleSeconds: this.config.web.sessionIdleMinutes * 60,
      formErrors: errorView(t, data.page ?? 'form', data.errors ?? []),
    };
  }
}
