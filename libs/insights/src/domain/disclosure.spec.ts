import { cohortLargeEnough, disclosedValue, safeCount, safePercentage, safeRow } from './disclosure';

describe('disclosure control', () => {
  it.each<[number, number | null, string]>([
    [0, 0, '0'],
    [1, null, '<8'],
    [7, null, '<8'],
    [8, 10, '10'],
    [12, 10, '10'],
    [13, 15, '15'],
    [242, 240, '240'],
    [55, 55, '55'],
  ])('shows a count of %i as %s', (count, value, display) => {
    expect(safeCount(count)).toEqual({ value, display });
  });

  it('follows a configured threshold', () => {
    expect(safeCount(9, { threshold: 10, minimumCohort: 20 }).display).toBe('<10');
  });

  it.each<[number, number, string]>([
    [50, 200, '25%'],
    [5, 200, '*'],
    [10, 7, '*'],
    [0, 40, '0%'],
    [3, 0, '*'],
  ])('shows %i out of %i as %s', (part, whole, shown) => {
    expect(safePercentage(part, whole)).toBe(shown);
  });

  it.each<[number[], string[]]>([
    [
      [40, 30, 20],
      ['40', '30', '20'],
    ],
    [
      [40, 3, 20],
      ['40', '<8', '*'],
    ],
    [
      [40, 3, 5],
      ['40', '<8', '<8'],
    ],
    [
      [3, 0, 0],
      ['<8', '0', '0'],
    ],
    [[3], ['<8']],
  ])('suppresses a row %j as %j so no hidden cell can be worked out from the total', (counts, shown) => {
    expect(safeRow(counts).map((c) => c.display)).toEqual(shown);
  });

  it.each<[number, number]>([
    [0, 0],
    [1, 4],
    [7, 4],
    [12, 10],
  ])('builds derived figures from what is shown: %i counts as %i', (count, figure) => {
    expect(disclosedValue(count)).toBe(figure);
  });

  it('withholds breakdowns of small cohorts', () => {
    expect(cohortLargeEnough(19)).toBe(false);
    expect(cohortLargeEnough(20)).toBe(true);
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => safeCount(2.5)).toThrow();
    expect(() => safeCount(-1)).toThrow();
  });
});
