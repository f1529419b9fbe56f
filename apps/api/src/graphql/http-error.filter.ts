import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@kinwell/kernel';
import { PAGE_NOT_FOUND, PageNotFound } from '../../../web/src/core/pages';

const HTTP_STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

const CODE_OF_STATUS: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The code a client error's HTTP status stands for, the same on /graphql and REST; 5xx are INTERNAL. */
export function codeOfStatus(status: number): string {
  return status >= 500 ? 'INTERNAL' : (CODE_OF_STATUS[status] ?? 'BAD_REQUEST');
}

export const INTERNAL_MESSAGE = 'Something went wrong on our side. It has been logged; please try again.';

/** What Express's body parsers throw (http-errors): a body over the limit, JSON that does not parse. */
const isBodyError = (e: unknown): e is { status: number; type: string } =>
  typeof (e as { type?: unknown })?.type === 'string' && typeof (e as { status?: unknown }).status === 'number';

/**
 * Every error leaving a REST route or the layers in front of /graphql, mapped once:
 * DomainErrors keep their code and field problems; what Nest or Express refused (a body over
 * the limit, JSON that does not parse, an unknown route) is the client's mistake with its own
 * code, logged below error level; anything else is a logged INTERNAL error. GraphQL
 * resolvers' errors are handed on to Apollo's formatError.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(@Optional() @Inject(PAGE_NOT_FOUND) private readonly pageNotFound?: PageNotFound) {}

  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return error;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const write = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => {
      if (typeof extra.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(extra.retryAfterSeconds));
      // A route may have set a CSV or HTML type (and a download name) before it failed: the error is JSON.
      res.removeHeader('Content-Disposition');
      res.type('application/json');
      if (req.path === '/graphql') res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
      else res.status(status).json({ error: { code, message, ...extra } });
    };

    if (error instanceof DomainError) {
      const retryAfterSeconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      return write(HTTP_STATUS[error.code] ?? (error.code === 'INTERNAL' ? 500 : 422), error.code, error.message, {
        ...(error.fields.length ? { fields: error.fields } : {}),
        ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
      });
    }
    const status = error instanceof HttpException ? error.getStatus() : isBodyError(error) ? error.status : 500;
    if (status >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      return write(500, 'INTERNAL', INTERNAL_MESSAGE);
    }
    this.logger.debug(`${status} ${req.method} ${req.path}: ${(error as Error).message}`);
    // A person who typed a wrong address gets a page, not JSON; API clients asking for JSON still get JSON.
    if (status === 404 && this.pageNotFound && req.method === 'GET' && req.accepts(['json', 'html']) === 'html')
      return this.pageNotFound(req, res);
    if (status === 413 && isBodyError(error))
      return write(
        413,
        'PAYLOAD_TOO_LARGE',
        'The request is larger than this address accepts. Send a receipt as a file upload (POST /plans/{planId}/receipts), not inside JSON.',
      );
    if (status === 413)
      return write(413, 'PAYLOAD_TOO_LARGE', 'The file is larger than this address accepts (a receipt may be up to 5 MB).');
    if (status === 400 && (isBodyError(error) || /JSON/.test((error as Error).message)))
      return write(400, 'BAD_REQUEST', 'The request body is not well-formed JSON.');
    return write(status, codeOfStatus(status), (error as Error).message);
  }
}
