import { DomainError, Money, textProblem } from '@kinwell/kernel';
import { isPlanFailure, PlanFailure } from '@kinwell/plans';
import type { Translate } from './i18n';

/** A mistake in a form: the field, and a catalogue key (errors.<page>.<field>.<kind>, else errors.<kind>). */
export interface FieldError {
  field: string;
  kind: string;
  params?: Record<string, unknown>;
}

/** Thrown by a page handler when the form must be shown again with its error summary. */
export class FormInvalid extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Form has ${errors.length} problem(s)`);
  }

  /** A service's validation problems, field by field; the service's codes become the kinds. */
  static fromDomain(error: DomainError, fieldOf: (serviceField: string) => string = (f) => f): FormInvalid {
    return new FormInvalid(
      error.fields.map((f) => {
        const [kind, arg] = f.message.includes(':') && !f.message.includes(' ') ? f.message.split(':') : ['service', undefined];
        return { field: fieldOf(f.field), kind, params: { max: arg, message: f.message } };
      }),
    );
  }
}

export type FormBody = Record<string, unknown>;
const MAX_AMOUNT_PENCE = 10_000_000; // £100,000: more than any one item a budget could buy

/** Reads and checks a submitted form, collecting every problem before any is shown. */
export class Form {
  readonly errors: FieldError[] = [];

  constructor(readonly body: FormBody) {}

  private raw(name: string): string {
    const v = this.body[name];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  }

  private fail(field: string, kind: string, params?: Record<string, unknown>): void {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, kind, params });
  }

  text(name: string, options: { required?: boolean; max?: number } = {}): string {
    const { required = true, max = 500 } = options;
    const value = this.raw(name).trim();
    if (!value && required) this.fail(name, 'required');
    else if (value.length > max) this.fail(name, 'too_long', { max });
    else if (textProblem(value)) this.fail(name, 'not_text');
    return value;
  }

  choice<T extends string>(name: string, allowed: readonly T[], required = true): T | '' {
    const value = this.raw(name);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    if (required || value) this.fail(name, 'choose');
    return '';
  }

  many<T extends string>(name: string, allowed: readonly T[]): T[] {
    const v = this.body[name];
    const values = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
    if (values.some((x) => !(allowed as readonly string[]).includes(x))) this.fail(name, 'choose');
    return values.filter((x): x is T => (allowed as readonly string[]).includes(x));
  }

  /** Pounds as people type them ("£25", "25.00", "25", "1,250"): whole pence above zero, or a problem. */
  money(name: string, options: { required?: boolean } = {}): number | null {
    const value = this.raw(name).trim();
    if (!value) {
      if (options.required ?? true) this.fail(name, 'required');
      return null;
    }
    let pence: number;
    try {
      pence = Money.parse(value).pence;
    } catch {
      this.fail(name, /\.\d{3,}/.test(value) ? 'money_fraction' : 'money');
      return null;
    }
    if (pence <= 0) this.fail(name, 'money_positive');
    else if (pence > MAX_AMOUNT_PENCE) this.fail(name, 'money_too_much', { max: MAX_AMOUNT_PENCE / 100 });
    return pence;
  }

  whole(name: string, min: number, max: number): number {
    const value = this.raw(name).trim();
    const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) this.fail(name, 'whole_number', { min, max });
    return n;
  }

  /** A day typed into the design system's date input (name-day, name-month, name-year): YYYY-MM-DD. */
  date(name: string): string {
    const [d, m, y] = ['day', 'month', 'year'].map((p) => this.raw(`${name}-${p}`).trim());
    if (!d && !m && !y) {
      this.fail(name, 'required');
      return '';
    }
    const iso = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    const date = new Date(`${iso}T12:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
      this.fail(name, 'date');
      return '';
    }
    return iso;
  }

  checked(name: string): boolean {
    return ['yes', 'true', 'on'].includes(this.raw(name));
  }

  /** Throws FormInvalid when any field had a problem. */
  done(): void {
    if (this.errors.length) throw new FormInvalid(this.errors);
  }
}

export interface ErrorView {
  titleText: string;
  errorList: Array<{ text: string; href: string }>;
  byField: Record<string, { text: string }>;
}

/** The design system's error summary and the message beside each field, in the page's language. */
export function errorView(t: Translate, page: string, errors: FieldError[]): ErrorView | null {
  if (!errors.length) return null;
  const text = (e: FieldError) =>
    t(`errors.${page}.${e.field}.${e.kind}`, {
      ...e.params,
      defaultValue: t(`errors.${e.kind}`, { ...e.params, field: t(`errors.${page}.${e.field}.name`, { defaultValue: e.field }) }),
    });
  return {
    titleText: t('errors.title'),
    errorList: errors.map((e) => ({ text: text(e), href: `#${e.field}` })),
    byField: Object.fromEntries(errors.map((e) => [e.field, { text: text(e) }])),
  };
}

/**
 * A business refusal from a plan use case becomes the form's error beside `field`: `failure_<kind>`,
 * which a page's catalogue may word for itself and otherwise says the service's message.
 */
export function refused<T>(result: T | PlanFailure, field: string): T {
  if (isPlanFailure(result)) throw new FormInvalid([{ field, kind: `failure_${result.kind}`, params: { message: result.message } }]);
  return result;
}
