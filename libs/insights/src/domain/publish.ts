import { DEFAULT_RULES, DisclosureRules, SafeCount, safeCount, safeRow } from './disclosure';

/**
 * What a commissioner may read of spending and of uptake by group, from raw aggregates. Every page and download
 * is built from these, so the rules that stop differencing live in one place:
 *  - counts are only ever shown rounded (or "<8", or 0), and every rate or share is worked out from the counts
 *    as shown, so it says nothing the counts do not;
 *  - a sum of money is shown only when at least `threshold` budgets make it up; where one part of a row is
 *    withheld and the row's total is shown, the total is withheld too, so the part cannot be got back;
 *  - totals of money are the totals of what is shown, and say that something is withheld;
 *  - spending by group is shown as a whole-number share of the spending shown, never as money, so it cannot
 *    be added up to money the category view withholds.
 */

export interface SpendCell {
  /** A category code, or "uncategorised". */
  key: string;
  inDirectory: boolean;
  pence: number;
  /** Distinct budgets the money came from. */
  budgets: number;
}

export interface ShownMoney {
  /** Pence, or null when withheld. */
  pence: number | null;
  /** Withheld because fewer than the threshold of budgets make it up, or to protect another figure. */
  withheld: 'small' | 'protects' | null;
}

export interface SpendRow {
  key: string;
  inDirectory: ShownMoney;
  outside: ShownMoney;
  all: ShownMoney;
}

export interface PublishedSpend {
  rows: SpendRow[];
  /** Totals of the figures shown in each column. */
  shownTotal: { inDirectory: number; outside: number; all: number };
  /** How many figures of the table are withheld; a total with any withheld says so. */
  withheldFigures: number;
  /** Whether any money at all was spent (so a total of nothing shown reads "withheld", never £0.00). */
  anySpent: boolean;
}

const money = (pence: number, budgets: number, rules: DisclosureRules): ShownMoney =>
  budgets === 0 && pence === 0
    ? { pence: 0, withheld: null }
    : budgets >= rules.threshold
      ? { pence, withheld: null }
      : { pence: null, withheld: 'small' };

/**
 * Spending by category, from the directory and outside it. `allBudgets` is how many distinct budgets spent in
 * each category in either way (a budget may do both).
 */
export function publishSpend(cells: SpendCell[], allBudgets: Map<string, number>, rules: DisclosureRules = DEFAULT_RULES): PublishedSpend {
  const keys = [...new Set(cells.map((c) => c.key))].sort();
  const cellOf = (key: string, inDirectory: boolean) =>
    cells.find((c) => c.key === key && c.inDirectory === inDirectory) ?? { key, inDirectory, pence: 0, budgets: 0 };
  const rows = keys.map((key): SpendRow => {
    const d = cellOf(key, true);
    const o = cellOf(key, false);
    const inDirectory = money(d.pence, d.budgets, rules);
    const outside = money(o.pence, o.budgets, rules);
    let all = money(d.pence + o.pence, allBudgets.get(key) ?? Math.max(d.budgets, o.budgets), rules);
    // A row total beside exactly one withheld part would give that part away.
    if (all.pence !== null && (inDirectory.pence === null) !== (outside.pence === null)) all = { pence: null, withheld: 'protects' };
    return { key, inDirectory, outside, all };
  });
  const sum = (pick: (r: SpendRow) => ShownMoney) => rows.reduce((s, r) => s + (pick(r).pence ?? 0), 0);
  // The overall total counts each row once: its total where shown, else whichever parts are shown.
  const all = rows.reduce((s, r) => s + (r.all.pence ?? (r.inDirectory.pence ?? 0) + (r.outside.pence ?? 0)), 0);
  return {
    rows,
    shownTotal: { inDirectory: sum((r) => r.inDirectory), outside: sum((r) => r.outside), all },
    withheldFigures: rows.reduce((n, r) => n + [r.inDirectory, r.outside, r.all].filter((m) => m.pence === null).length, 0),
    anySpent: cells.some((c) => c.pence !== 0),
  };
}

/** The (category, from the directory) parts of spending that the spend table shows, directly or inside a shown row total. */
export function shownSpendParts(published: PublishedSpend): Array<{ key: string; inDirectory: boolean }> {
  return published.rows.flatMap((r) => [
    ...(r.all.pence !== null || r.inDirectory.pence !== null ? [{ key: r.key, inDirectory: true }] : []),
    ...(r.all.pence !== null || r.outside.pence !== null ? [{ key: r.key, inDirectory: false }] : []),
  ]);
}

/** A whole-number percentage of two counts as shown; "*" when either is hidden or the whole is nothing. */
export function shownRate(part: SafeCount, whole: SafeCount): string {
  if (part.value === null || whole.value === null || whole.value === 0) return '*';
  return `${Math.round((part.value / whole.value) * 100)}%`;
}

/**
 * What a count shown this way could be: "0" exactly; "<8" 1 to 7; "*" (hidden to protect another) one that
 * would have been shown; a rounded n from n-2 to n+2, and at least the threshold.
 */
export function countRange(c: SafeCount, rules: DisclosureRules = DEFAULT_RULES): [number, number] {
  if (c.value === 0) return [0, 0];
  // No upper bound, as far as the figures go (a billion keeps sums of them exact).
  if (c.display === '*') return [rules.threshold, 1e9];
  if (c.value === null) return [1, rules.threshold - 1];
  return [Math.max(rules.threshold, c.value - 2), c.value + 2];
}

/** The tightest bounds on each cell of a row that adds up to a total in `total`, as someone with the figures would work them out. */
export function boundCells(cells: SafeCount[], total: [number, number], rules: DisclosureRules = DEFAULT_RULES): Array<[number, number]> {
  const bounds = cells.map((c) => countRange(c, rules));
  let [tLo, tHi] = total;
  for (let pass = 0; pass < 5; pass++) {
    const lo = bounds.reduce((a, b) => a + b[0], 0);
    const hi = bounds.reduce((a, b) => a + b[1], 0);
    tLo = Math.max(tLo, lo);
    tHi = Math.min(tHi, hi);
    for (const b of bounds) {
      const othersLo = lo - b[0];
      const othersHi = hi - b[1];
      b[0] = Math.max(b[0], tLo - othersHi);
      b[1] = Math.min(b[1], tHi - othersLo);
    }
  }
  return bounds;
}

/**
 * Suppresses a row of counts whose total is shown, so that no count from 1 to threshold-1 can be narrowed to
 * one value: rounding bands and "<8" can add up to exactly one answer (three cells "<8" in a row of 33 beside a
 * "10" must each be 7), so while any is pinned, the smallest shown cell is hidden too.
 */
export function protectedRow(counts: number[], total: SafeCount, rules: DisclosureRules = DEFAULT_RULES): SafeCount[] | null {
  const cells = safeRow(counts, rules);
  for (;;) {
    const bounds = boundCells(cells, countRange(total, rules), rules);
    const pinned = counts.some((n, i) => n > 0 && n < rules.threshold && bounds[i][0] === bounds[i][1]);
    if (!pinned) return cells;
    const next = counts
      .map((n, i) => ({ n, i }))
      .filter(({ n, i }) => n > 0 && cells[i].value !== null)
      .sort((a, b) => a.n - b.n)[0];
    // Every cell hidden and still one answer (four "<8" of a total of 28): the row cannot be shown at all.
    if (!next) return null;
    cells[next.i] = { value: null, display: '*' };
  }
}

/** The group of holders who did not declare (or did not consent to reporting) in a one-answer breakdown. */
export const NOT_DECLARED = 'not-declared';

/** A group's raw figures for equity of uptake. */
export interface GroupFigures {
  key: string;
  holders: number;
  approved: number;
  declined: number;
  /** Spending in the parts the spend table shows (shownSpendParts), in pence. */
  spentPence: number;
  /** Holders in the group with any such spending. */
  spenders: number;
}

export interface PublishedGroup {
  key: string;
  holders: SafeCount;
  approvedItems: SafeCount;
  declinedItems: SafeCount;
  /** Declined of decided, from the counts as shown. */
  declineRate: string;
  /** Of all the area's budget holders, declared or not. */
  shareOfHolders: string;
  /** Of the spending shown on the spend page: a share, never money. */
  shareOfSpend: string;
}

export interface PublishedEquity {
  withheld: boolean;
  /** All the area's holders (the denominator of every share), as shown. */
  allHolders: SafeCount;
  groups: PublishedGroup[];
}

/**
 * Uptake by group. `groups` should include a "not-declared" group when the dimension is one answer per
 * person, so the rows cover everyone; `allHolders` is every holder in the area. `shownSpendPence` is the
 * spend table's shown total, the denominator of each share of spend.
 */
export function publishEquity(
  groups: GroupFigures[],
  allHolders: number,
  shownSpendPence: number,
  rules: DisclosureRules = DEFAULT_RULES,
  /** The groups cover every holder once (one answer per person, with "not declared"), so they add up to allHolders. */
  partition = false,
): PublishedEquity {
  const all = safeCount(allHolders, rules);
  // A breakdown is withheld unless enough people declared a group (however many holders the area has).
  const declared = groups.filter((g) => g.key !== NOT_DECLARED).reduce((n, g) => n + g.holders, 0);
  if (allHolders < rules.minimumCohort || declared < rules.minimumCohort) return { withheld: true, allHolders: all, groups: [] };
  const holders: SafeCount[] | null = partition
    ? protectedRow(
        groups.map((g) => g.holders),
        all,
        rules,
      )
    : safeRow(
        groups.map((g) => g.holders),
        rules,
      );
  if (!holders) return { withheld: true, allHolders: all, groups: [] };
  const approved = safeRow(
    groups.map((g) => g.approved),
    rules,
  );
  const declined = safeRow(
    groups.map((g) => g.declined),
    rules,
  );
  const spenders = safeRow(
    groups.map((g) => g.spenders),
    rules,
  );
  return {
    withheld: false,
    allHolders: all,
    groups: groups.map((g, i) => {
      const decided =
        approved[i].value === null || declined[i].value === null
          ? { value: null, display: '*' }
          : { value: approved[i].value + declined[i].value, display: '' };
      // A share of money is shown only where enough holders in the group spent it, to the whole percent.
      const shareOfSpend =
        spenders[i].value !== null && g.spenders > 0 && shownSpendPence > 0
          ? `${Math.round((g.spentPence / shownSpendPence) * 100)}%`
          : '*';
      return {
        key: g.key,
        holders: holders[i],
        approvedItems: approved[i],
        declinedItems: declined[i],
        declineRate: shownRate(declined[i], decided),
        shareOfHolders: shownRate(holders[i], all),
        shareOfSpend: g.spenders === 0 && g.spentPence === 0 ? '0%' : shareOfSpend,
      };
    }),
  };
}
