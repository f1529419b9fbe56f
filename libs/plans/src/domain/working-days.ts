/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays. The regular holidays are
 * computed (Easter by the Anonymous Gregorian algorithm; a holiday on a weekend moves to the next working
 * day); the one-off changes proclaimed since 2020 are listed.
 */
const MOVED: Record<number, { remove?: string[]; add?: string[] }> = {
  2020: { remove: ['2020-05-04'], add: ['2020-05-08'] }, // VE Day
  2022: { remove: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] }, // Platinum Jubilee; the Queen's funeral
  2023: { add: ['2023-05-08'] }, // the King's coronation
};

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

function easterSunday(y: number): [number, number] {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  return [Math.floor((h + l - 7 * m + 114) / 31), ((h + l - 7 * m + 114) % 31) + 1];
}

/** The first (n > 0) or last (n = -1) Monday of a month. */
function monday(y: number, m: number, n: number): string {
  if (n > 0) {
    const first = weekday(y, m, 1);
    return iso(y, m, 1 + ((8 - first) % 7) + 7 * (n - 1));
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return iso(y, m, lastDay - ((weekday(y, m, lastDay) + 6) % 7));
}

const cache = new Map<number, Set<string>>();

/** The bank holidays of England and Wales in a year, as YYYY-MM-DD. */
export function bankHolidays(year: number): Set<string> {
  const known = cache.get(year);
  if (known) return known;
  const days: string[] = [];
  // New Year's Day, or the Monday after a weekend.
  const ny = weekday(year, 1, 1);
  days.push(iso(year, 1, ny === 6 ? 3 : ny === 0 ? 2 : 1));
  const [em, ed] = easterSunday(year);
  days.push(iso(year, em, ed - 2), iso(year, em, ed + 1));
  days.push(monday(year, 5, 1), monday(year, 5, -1), monday(year, 8, -1));
  // Christmas and Boxing Day, each moved past a weekend and past the other.
  const xmas = weekday(year, 12, 25);
  if (xmas === 6) days.push(iso(year, 12, 27), iso(year, 12, 28));
  else if (xmas === 0) days.push(iso(year, 12, 26), iso(year, 12, 27));
  else if (xmas === 5) days.push(iso(year, 12, 25), iso(year, 12, 28));
  else days.push(iso(year, 12, 25), iso(year, 12, 26));
  const moved = MOVED[year] ?? {};
  const set = new Set(days.filter((d) => !moved.remove?.includes(d)).concat(moved.add ?? []));
  cache.set(year, set);
  return set;
}

export function isWorkingDay(date: Date): boolean {
  const day = date.getUTCDay();
  return day !== 0 && day !== 6 && !bankHolidays(date.getUTCFullYear()).has(date.toISOString().slice(0, 10));
}

/** The moment `days` working days after `from`, at the same time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  const date = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

/** Whole working days from `from` to `to` (0 when `to` is not later). */
export function workingDaysBetween(from: Date, to: Date): number {
  let count = 0;
  const date = new Date(from.getTime());
  while (true) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (date > to) return count;
    if (isWorkingDay(date)) count++;
  }
}
