/**
 * The median of sorted values: the middle one, or for an even count the mean of the two middle ones.
 * `round` says how a mean that falls between two representable values is written (whole pence, tenths of a day).
 */
export function median(sorted: readonly number[], round: (value: number) => number = (v) => v): number {
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : round((sorted[middle - 1] + sorted[middle]) / 2);
}

/** The p-th percentile by the nearest-rank method: the smallest value with at least p% of values at or below it. */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Medians of days are shown to a tenth of a day. */
export const toTenths = (days: number): number => Math.round(days * 10) / 10;
