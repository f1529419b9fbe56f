import { DomainError } from './domain-error';

/** Opaque cursors: base64url JSON, so clients cannot depend on their shape. */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(
  cursor: string,
  isValid: (value: Record<string, unknown>) => value is T,
): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new DomainError('INVALID_CURSOR', 'That page cursor is not valid', [{ field: 'after', message: 'not a cursor from this list' }]);
  }
  if (typeof parsed !== 'object' || parsed === null || !isValid(parsed as Record<string, unknown>)) {
    throw new DomainError('INVALID_CURSOR', 'That page cursor is not valid', [{ field: 'after', message: 'not a cursor from this list' }]);
  }
  return parsed as T;
}

export interface PageRequest {
  first: number;
  after?: string | null;
}

export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw DomainError.validation([{ field: 'first', message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` }]);
  }
  return n;
}
