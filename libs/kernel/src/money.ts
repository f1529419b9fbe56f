import { DomainError } from './domain-error';

export type Currency = 'GBP';

// Made once: constructing an Intl.NumberFormat costs far more than formatting with one.
const POUNDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/**
 * An amount of money in integer pence. Never a float: every operation stays in
 * safe integers and throws rather than silently losing precision.
 */
export class Money {
  private constructor(
    readonly pence: number,
    readonly currency: Currency,
  ) {}

  static readonly ZERO = new Money(0, 'GBP');

  static ofPence(pence: number | bigint | string, currency: Currency = 'GBP'): Money {
    const value = typeof pence === 'number' ? pence : Number(pence);
    if (typeof pence === 'string' && !/^-?\d+$/.test(pence.trim())) {
      throw new DomainError('INVALID_MONEY', `"${pence}" is not a whole number of pence`);
    }
    if (!Number.isSafeInteger(value)) {
      throw new DomainError('INVALID_MONEY', `${String(pence)} is not a safe whole number of pence`);
    }
    if (currency !== 'GBP') {
      throw new DomainError('UNSUPPORTED_CURRENCY', `Only GBP is supported, not ${String(currency)}`);
    }
    return new Money(value === 0 ? 0 : value, currency);
  }

  /** Parses "12", "12.3", "12.34", "£1,234.50" or "-3.00" exactly, without floats. */
  static parse(text: string): Money {
    const m = /^\s*(-)?\s*£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
    if (!m) throw new DomainError('INVALID_MONEY', `"${text}" is not an amount of money`);
    const pounds = m[2].replace(/,/g, '');
    const pence = (m[3] ?? '').padEnd(2, '0');
    const total = Number(pounds) * 100 + Number(pence);
    return Money.ofPence(m[1] ? -total : total);
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.ofPence(this.pence + other.pence, this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.ofPence(this.pence - other.pence, this.currency);
  }

  multiply(factor: number): Money {
    if (!Number.isSafeInteger(factor)) {
      throw new DomainError('INVALID_MONEY', `Money can only be multiplied by a whole number, not ${factor}`);
    }
    return Money.ofPence(this.pence * factor, this.currency);
  }

  negate(): Money {
    return Money.ofPence(-this.pence, this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.pence < other.pence ? -1 : this.pence > other.pence ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.pence === other.pence;
  }

  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  isZero(): boolean {
    return this.pence === 0;
  }

  isNegative(): boolean {
    return this.pence < 0;
  }

  isPositive(): boolean {
    return this.pence > 0;
  }

  /**
   * Splits this amount across weights by the largest-remainder method: each
   * part gets its floor share, and the pence left over go one at a time to the
   * parts with the largest remainders (earlier parts win ties). The parts
   * always sum exactly to this amount.
   */
  allocate(weights: readonly number[]): Money[] {
    if (weights.length === 0) throw new DomainError('INVALID_ALLOCATION', 'Nothing to allocate across');
    if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
      throw new DomainError('INVALID_ALLOCATION', 'Allocation weights must be whole numbers, zero or more');
    }
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) throw new DomainError('INVALID_ALLOCATION', 'Allocation weights must not all be zero');
    // BigInt keeps pence * weight exact however large the two get.
    const sign = this.pence < 0 ? -1n : 1n;
    const amount = BigInt(Math.abs(this.pence));
    const bigTotal = BigInt(total);
    const shares = weights.map((w, index) => {
      const exact = amount * BigInt(w);
      return { index, floor: exact / bigTotal, remainder: exact % bigTotal };
    });
    let leftover = amount - shares.reduce((sum, s) => sum + s.floor, 0n);
    const order = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
    for (const share of order) {
      if (leftover === 0n) break;
      share.floor += 1n;
      leftover -= 1n;
    }
    return shares.map((s) => Money.ofPence(Number(s.floor * sign), this.currency));
  }

  /** en-GB display, e.g. "£1,234.50" or "-£3.05", built from integers. */
  format(): string {
    const abs = Math.abs(this.pence);
    const pounds = Math.trunc(abs / 100);
    const pence = String(abs % 100).padStart(2, '0');
    const grouped = POUNDS.format(pounds);
    return `${this.pence < 0 ? '-' : ''}£${grouped}.${pence}`;
  }

  /** "1234.50": exact decimal pounds, for formats that require a decimal amount. */
  toDecimalPounds(): string {
    const abs = Math.abs(this.pence);
    return `${this.pence < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  }

  toString(): string {
    return this.format();
  }

  toJSON(): { pence: number; currency: Currency } {
    return { pence: this.pence, currency: this.currency };
  }

  static sum(amounts: readonly Money[]): Money {
    return amounts.reduce((acc, m) => acc.add(m), Money.ZERO);
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new DomainError('CURRENCY_MISMATCH', `Cannot combine ${String(this.currency)} with ${String(other.currency)}`);
    }
  }
}
