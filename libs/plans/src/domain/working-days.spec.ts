import { addWorkingDays } from './working-days';

describe('addWorkingDays', () => {
  it.each([
    ['2026-12-01T10:00:00Z', 1, '2026-12-02'], // Tuesday → Wednesday
    ['2026-12-04T10:00:00Z', 1, '2026-12-07'], // Friday → Monday
    ['2026-12-05T10:00:00Z', 1, '2026-12-07'], // Saturday → Monday
    ['2026-12-01T10:00:00Z', 10, '2026-12-15'], // two weeks
    ['2026-12-01T10:00:00Z', 0, '2026-12-01'],
  ])('%s + %i working days is %s', (from, days, expected) => {
    expect(addWorkingDays(new Date(from), days).toISOString().slice(0, 10)).toBe(expected);
  });
});
