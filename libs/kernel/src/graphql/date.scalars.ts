import { GraphQLScalarType, Kind } from 'graphql';
import { parseCalendarDate, parseDateTime } from '../input';

// A TypeError, so GraphQL reports it the standard way, naming the argument or variable and the value.
const invalid = (message: string) => new TypeError(message);

/** A day in the calendar, `YYYY-MM-DD`; days that do not exist are refused. */
export const CalendarDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD, such as 2026-04-30',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && parseCalendarDate(value.slice(0, 10))) return value.slice(0, 10);
    throw new TypeError('Date cannot represent this value');
  },
  parseValue(value) {
    const date = typeof value === 'string' ? parseCalendarDate(value) : null;
    if (!date) throw invalid('must be a date that exists, written YYYY-MM-DD');
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('must be a date that exists, written YYYY-MM-DD');
    return this.parseValue!(ast.value);
  },
});

/** A moment, ISO 8601 with its offset. Replaces Nest's DateTime, which lets "not a date" through as an Invalid Date. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize(value) {
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent this value');
    return date.toISOString();
  },
  parseValue(value) {
    const date = typeof value === 'string' ? parseDateTime(value) : null;
    if (!date) throw invalid('must be a date and time with its offset, such as 2026-04-30T09:30:00Z');
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('must be a date and time with its offset, such as 2026-04-30T09:30:00Z');
    return this.parseValue!(ast.value);
  },
});
