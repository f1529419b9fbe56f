import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { RateLimitedError, SECOND_FACTOR_REQUIRED } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { Pages, ProblemKind } from './pages';
import { seeOther, type WebRequest, type WebResponse } from './web-request';

const KIND_OF_CODE: Record<string, ProblemKind> = {
  NOT_FOUND: 'not_found',
  FORBIDDEN: 'forbidden',
  VALIDATION_FAILED: 'bad_request',
  INVALID_CURSOR: 'bad_request',
  RATE_LIMITED: 'rate_limited',
};
const KIND_OF_STATUS: Record<number, ProblemKind> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  413: 'too_large',
  429: 'rate_limited',
};

/**
 * Every error leaving a page, as a page: signing in again returns the person to where they were; a mistake
 * they made is a 4xx page in plain words; a fault of ours is a "sorry" page with a reference the log carries.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly pages: Pages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<WebResponse>();
    if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
      if (req.session) req.session.returnTo = req.method === 'GET' ? req.originalUrl : req.originalUrl.split('?')[0];
      // Where they were going is kept; if the store cannot keep it, they still reach the sign-in page.
      seeOther(req, res, '/sign-in').catch(() => res.redirect(303, '/sign-in'));
      return;
    }
    // Staff who must use a second factor reach nothing until they have set one up (or finished signing in).
    if (error instanceof DomainError && error.code === SECOND_FACTOR_REQUIRED) {
      seeOther(req, res, '/account/two-step/set-up').catch(() => res.redirect(303, '/account/two-step/set-up'));
      return;
    }
    if (error instanceof RateLimitedError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      return this.pages.problem(req, res, 'rate_limited', { seconds: error.retryAfterSeconds });
    }
    if (error instanceof DomainError && KIND_OF_CODE[error.code]) return this.pages.problem(req, res, KIND_OF_CODE[error.code]);
    const status = error instanceof HttpException ? error.getStatus() : ((error as { status?: number })?.status ?? 500);
    if (status < 500 && KIND_OF_STATUS[status]) {
      this.logger.debug(`${status} ${req.method} ${req.path}: ${(error as Error).message}`);
      return this.pages.problem(req, res, KIND_OF_STATUS[status]);
    }
    this.logger.error(`[${req.id}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    this.pages.problem(req, res, 'server');
  }
}
