import { addWorkingDays, bankHolidays, workingDaysBetween } from './working-days';

describe('working days in England and Wales', () => {
  it.each([
    ['2026-12-01T10:00:00Z', 1, '2026-12-02'], // Tuesday → Wednesday
    ['2026-12-04T10:00:00Z', 1, '2026-12-07'], // Friday → Monday
    ['2026-12-05T10:00:00Z', 1, '2026-12-07'], // Saturday → Monday
    ['2026-12-01T10:00:00Z', 10, '2026-12-15'], // two weeks
    ['2026-12-01T10:00:00Z', 0, '2026-12-01'],
    ['2026-12-24T10:00:00Z', 1, '2026-12-29'], // Christmas Day (Fri) and Boxing Day moved to Monday 28th
    ['2027-03-25T10:00:00Z', 1, '2027-03-30'], // Good Friday 26 March, Easter Monday 29 March
    ['2026-08-28T10:00:00Z', 1, '2026-09-01'], // summer bank holiday, Monday 31 August
  ])('%s + %i working days is %s', (from, days, expected) => {
    expect(addWorkingDays(new Date(from), days).toISOString().slice(0, 10)).toBe(expected);
  });

  // As published on gov.uk/bank-holidays for England and Wales.
  it.each([
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [2023, ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26']],
    [2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']],
    [2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']],
  ])('the bank holidays of %i', (year, expected) => {
    expect([...bankHolidays(year)].sort()).toEqual(expected);
  });

  it('counts working days between two moments, skipping weekends and holidays', () => {
    expect(workingDaysBetween(new Date('2026-12-21T09:00:00Z'), new Date('2026-12-31T09:00:00Z'))).toBe(6);
    expect(workingDaysBetween(new Date('2026-12-21T09:00:00Z'), new Date('2026-12-20T09:00:00Z'))).toBe(0);
  });
});
