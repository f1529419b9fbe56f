import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@kinwell/kernel';

const HTTP_STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

/**
 * DomainErrors are expected outcomes of a user's request, not crashes: they are
 * handed to Apollo's formatError for GraphQL and mapped to a status for REST,
 * without Nest logging them as unhandled exceptions.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return error;
    const status = HTTP_STATUS[error.code] ?? (error.code === 'INTERNAL' ? 500 : 422);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ error: { code: error.code, message: error.message, ...(error.fields.length ? { fields: error.fields } : {}) } });
    return undefined;
  }
}
