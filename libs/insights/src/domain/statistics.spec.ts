import { median, nearestRank, toTenths } from './statistics';

describe('median', () => {
  it.each([
    [[5], 5],
    [[1, 9], 5],
    [[1, 2, 3], 2],
    [[10, 20, 30, 40], 25],
    [[13_500, 13_500, 40_000, 90_000], 26_750],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('rounds a mean between two values as it is told (whole pence; tenths of a day)', () => {
    expect(median([100, 101], Math.round)).toBe(101);
    expect(median([2, 3.25], toTenths)).toBe(2.6);
  });

  it('is NaN for nothing', () => expect(median([])).toBeNaN());
});

describe('nearestRank', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[1, 2, 3, 4], 50, 2],
    [[7], 90, 7],
  ])('of %j at p%d is %d', (values, p, expected) => expect(nearestRank(values, p)).toBe(expected));
});
