/**
 * The checks every value a person sends passes at the edge (GraphQL, REST, forms), so
 * services and PostgreSQL only ever see well-formed text, ids and dates.
 */

// C0 controls other than tab, line feed and carriage return, DEL, and UTF-16 halves
// without their partner: PostgreSQL refuses NUL, and lone surrogates are not text.
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is not acceptable text, or null when it is. */
export function textProblem(value: string): string | null {
  return NOT_TEXT.test(value) ? 'must be plain text, without control characters' : null;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` for a day that exists (no 30 February), or null. */
export function parseCalendarDate(value: string): string | null {
  const m = CALENDAR_DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : null;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** An ISO 8601 date-time with its offset (2026-04-01T09:30:00Z) on a day that exists, or null. */
export function parseDateTime(value: string): Date | null {
  const m = DATE_TIME.exec(value);
  if (!m || !parseCalendarDate(m[1])) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s()-]{10,20}$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Looks like an email address (something@somewhere.tld); whether it reaches anyone is for a link to prove. */
export const isEmailAddress = (value: string): boolean => EMAIL.test(value);

/** A UK or international phone number as people type it: digits, spaces, brackets and dashes, 10 to 20 of them. */
export const isPhoneNumber = (value: string): boolean => PHONE.test(value);

/** A time of day as HH:MM on the 24-hour clock. */
export const isClockTime = (value: string): boolean => CLOCK_TIME.test(value);
