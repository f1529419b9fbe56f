/** Codes every part of Kinwell may raise; contexts add their own string codes. */
export type CommonErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INVALID_CURSOR'
  | 'INVALID_MONEY'
  | 'UNSUPPORTED_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'INVALID_ALLOCATION'
  | 'INTERNAL';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An error with a stable code, raised by services and mapped once at the edge
 * (GraphQL or HTTP). Messages are safe to show to the person who caused them.
 */
export class DomainError extends Error {
  constructor(
    readonly code: CommonErrorCode | (string & {}),
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} was not found`);
  }

  static forbidden(message = 'You do not have access to this'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static unauthenticated(message = 'Sign in to do this'): DomainError {
    return new DomainError('UNAUTHENTICATED', message);
  }

  static validation(fields: FieldProblem[]): DomainError {
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new DomainError('VALIDATION_FAILED', `Some values are not valid: ${summary}`, fields);
  }
}
