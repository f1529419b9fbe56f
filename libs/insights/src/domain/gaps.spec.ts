import { disclosedValue } from './disclosure';
import { rankGaps } from './gaps';

describe('rankGaps', () => {
  it('ranks demand with no supply first, and shows the parts of each score', () => {
    const ranked = rankGaps([
      { key: 'fitness-and-exercise', supply: 30, searches: 40, zeroResultSearches: 0, planItems: 20, declined: 0 },
      { key: 'talking-and-complementary-therapies', supply: 0, searches: 10, zeroResultSearches: 5, planItems: 3, declined: 2 },
      { key: 'arts-and-crafts', supply: 2, searches: 12, zeroResultSearches: 1, planItems: 0, declined: 0 },
      { key: 'advocacy', supply: 4, searches: 0, zeroResultSearches: 0, planItems: 0, declined: 0 },
    ]);
    expect(ranked.map((g) => g.key)).toEqual(['talking-and-complementary-therapies', 'arts-and-crafts', 'fitness-and-exercise']);
    expect(ranked[0]).toMatchObject({ demand: 10 + 15 + 6 + 4, supply: 0, score: 35 });
    expect(ranked[2]).toMatchObject({ demand: 80, score: 2.6 });
  });

  it('scores on disclosed figures, so a hidden count cannot be worked back out of the score', () => {
    const withDeclines = (declined: number) =>
      rankGaps([{ key: 'advocacy', supply: 1, searches: 23, zeroResultSearches: 0, planItems: 9, declined }], (n) => disclosedValue(n))[0]
        .score;
    // 1 and 7 declines both show as "<8", so they must score the same: (25 + 10*2 + 4*2) / 2.
    expect(withDeclines(1)).toBe(26.5);
    expect(withDeclines(7)).toBe(26.5);
    expect(withDeclines(0)).toBe(22.5);
  });

  it('leaves out values nobody asked for', () => {
    expect(rankGaps([{ key: 'x', supply: 9, searches: 0, zeroResultSearches: 0, planItems: 0, declined: 0 }])).toEqual([]);
  });
});
