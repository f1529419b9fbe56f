/**
 * Disclosure control for everything a commissioner sees, applied on the server. Small
 * counts could identify a person in a small area, so:
 *  - counts from 1 to threshold-1 (default 1..7) show as "<8"; zero shows as 0;
 *  - other counts are rounded to the nearest 5;
 *  - a percentage is suppressed when either of its parts is;
 *  - secondary suppression: when a row of cells has a shown total and exactly one cell is
 *    hidden, the next smallest is hidden too, so the hidden one cannot be worked out;
 *  - a breakdown whose cohort is below the minimum is withheld entirely.
 */
export interface DisclosureRules {
  /** Counts below this (and above zero) are hidden. */
  threshold: number;
  /** Breakdowns over fewer people than this are withheld. */
  minimumCohort: number;
}

export const DEFAULT_RULES: DisclosureRules = { threshold: 8, minimumCohort: 20 };

export interface SafeCount {
  /** The number to show, or null when hidden. */
  value: number | null;
  /** What to print: "120", "<8", or "*" (hidden to protect another cell). */
  display: string;
}

export function safeCount(count: number, rules: DisclosureRules = DEFAULT_RULES): SafeCount {
  if (!Number.isInteger(count) || count < 0) throw new Error(`A count must be a whole number, not ${count}`);
  if (count === 0) return { value: 0, display: '0' };
  if (count < rules.threshold) return { value: null, display: `<${rules.threshold}` };
  const rounded = Math.round(count / 5) * 5;
  return { value: rounded, display: String(rounded) };
}

/**
 * The figure a derived number (such as a gap score) may be computed from: what is shown, with
 * a hidden small count standing in as the middle of its range (4 for "<8"). A score built
 * from exact counts would let a commissioner work a hidden one back out.
 */
export function disclosedValue(count: number, rules: DisclosureRules = DEFAULT_RULES): number {
  return safeCount(count, rules).value ?? rules.threshold / 2;
}

export function safePercentage(part: number, whole: number, rules: DisclosureRules = DEFAULT_RULES): string {
  const p = safeCount(part, rules);
  const w = safeCount(whole, rules);
  if (p.value === null || w.value === null || whole === 0) return '*';
  return `${Math.round((part / whole) * 100)}%`;
}

/**
 * Suppresses a row of cells that sum to a shown total. Returns the cells to show, in order.
 * Hidden cells are "<8"; cells hidden only to protect another are "*".
 */
export function safeRow(counts: number[], rules: DisclosureRules = DEFAULT_RULES): SafeCount[] {
  const cells = counts.map((c) => safeCount(c, rules));
  const hidden = cells.filter((c) => c.value === null).length;
  if (hidden === 1 && counts.length > 1) {
    // Hide the smallest other non-zero cell as well, so total minus the rest does not reveal it.
    const candidates = counts
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) => cells[i].value !== null && c > 0)
      .sort((a, b) => a.c - b.c);
    if (candidates.length) cells[candidates[0].i] = { value: null, display: '*' };
  }
  return cells;
}

/** Whether a breakdown may be shown at all. */
export function cohortLargeEnough(total: number, rules: DisclosureRules = DEFAULT_RULES): boolean {
  return total >= rules.minimumCohort;
}
