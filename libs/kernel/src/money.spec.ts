import { DomainError } from './domain-error';
import { Money } from './money';

describe('Money', () => {
  it.each([
    [0, '£0.00'],
    [5, '£0.05'],
    [13500, '£135.00'],
    [123450, '£1,234.50'],
    [-305, '-£3.05'],
    [100000000, '£1,000,000.00'],
  ])('formats %i pence as %s', (pence, text) => {
    expect(Money.ofPence(pence).format()).toBe(text);
  });

  it.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['£1,234.50', 123450],
    ['-3.05', -305],
    ['0.07', 7],
  ])('parses %s exactly', (text, pence) => {
    expect(Money.parse(text).pence).toBe(pence);
  });

  it.each(['12.345', 'abc', '', '1,23', '£', '1e5', '0x10'])('refuses to parse %p', (text) => {
    expect(() => Money.parse(text)).toThrow(DomainError);
  });

  it.each([0.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1])('refuses %p pence', (pence) => {
    expect(() => Money.ofPence(pence)).toThrow(expect.objectContaining({ code: 'INVALID_MONEY' }));
  });

  it('accepts bigint and digit strings from the database', () => {
    expect(Money.ofPence(12345n).pence).toBe(12345);
    expect(Money.ofPence('-42').pence).toBe(-42);
    expect(() => Money.ofPence('4.2')).toThrow(DomainError);
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123450, '1234.50'],
    [-305, '-3.05'],
  ])('writes %i pence as the decimal %s', (pence, text) => {
    expect(Money.ofPence(pence).toDecimalPounds()).toBe(text);
  });

  it('adds, subtracts and compares', () => {
    const a = Money.ofPence(1000);
    const b = Money.ofPence(250);
    expect(a.add(b).pence).toBe(1250);
    expect(b.subtract(a).pence).toBe(-750);
    expect(a.compare(b)).toBe(1);
    expect(b.compare(a)).toBe(-1);
    expect(a.compare(Money.ofPence(1000))).toBe(0);
    expect(a.greaterThan(b)).toBe(true);
    expect(Money.sum([a, b, b]).pence).toBe(1500);
  });

  it('guards against overflow beyond safe integers', () => {
    const big = Money.ofPence(Number.MAX_SAFE_INTEGER);
    expect(() => big.add(Money.ofPence(1))).toThrow(expect.objectContaining({ code: 'INVALID_MONEY' }));
    expect(() => big.multiply(2)).toThrow(DomainError);
    expect(() => Money.ofPence(3).multiply(1.5)).toThrow(DomainError);
  });

  describe('allocate (largest remainder)', () => {
    it.each([
      [100, [1, 1, 1], [34, 33, 33]],
      [1000, [1, 1, 1], [334, 333, 333]],
      [5, [3, 7], [2, 3]],
      [13500, [1, 2], [4500, 9000]],
      [1, [1, 1, 1], [1, 0, 0]],
      [-100, [1, 1, 1], [-34, -33, -33]],
      [0, [1, 2, 3], [0, 0, 0]],
      [100, [0, 1], [0, 100]],
    ])('splits %i pence by %j into %j', (pence, weights, expected) => {
      expect(
        Money.ofPence(pence)
          .allocate(weights)
          .map((m) => m.pence),
      ).toEqual(expected);
    });

    it('always sums to the total (sum invariant over many random cases)', () => {
      let seed = 42;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      for (let i = 0; i < 2000; i++) {
        const pence = Math.floor(random() * 10_000_000) - 1_000_000;
        const weights = Array.from({ length: 1 + Math.floor(random() * 9) }, () => Math.floor(random() * 1000));
        if (Math.max(...weights) === 0) weights[0] = 1;
        const parts = Money.ofPence(pence).allocate(weights);
        expect(parts.reduce((s, m) => s + m.pence, 0)).toBe(pence);
        expect(parts.every((m) => Number.isSafeInteger(m.pence))).toBe(true);
      }
    });

    it('stays exact for huge amounts and weights', () => {
      const parts = Money.ofPence(Number.MAX_SAFE_INTEGER).allocate([999_999_937, 3, 1]);
      expect(parts.reduce((s, m) => s + BigInt(m.pence), 0n)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    });

    it.each([[[]], [[0, 0]], [[-1, 2]], [[1.5, 1]]])('refuses weights %j', (weights) => {
      expect(() => Money.ofPence(100).allocate(weights)).toThrow(expect.objectContaining({ code: 'INVALID_ALLOCATION' }));
    });
  });
});
