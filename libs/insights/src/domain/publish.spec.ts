import fc from 'fast-check';
import { DEFAULT_RULES, SafeCount } from './disclosure';
import {
  countRange,
  GroupFigures,
  protectedRow,
  publishEquity,
  PublishedEquity,
  PublishedSpend,
  publishSpend,
  shownRate,
  shownSpendParts,
  SpendCell,
} from './publish';

const KEYS = ['advocacy', 'fitness-and-exercise', 'home-support', 'uncategorised'];
const T = DEFAULT_RULES.threshold;

interface Person {
  gender: string | null;
  age: string | null;
  spends: Array<{ key: string; inDirectory: boolean; pence: number }>;
  approved: number;
  declined: number;
}

const person: fc.Arbitrary<Person> = fc.record({
  gender: fc.constantFrom('woman', 'man', 'non-binary', null),
  age: fc.constantFrom('18-25', '26-35', '36-45', null),
  spends: fc.array(fc.record({ key: fc.constantFrom(...KEYS), inDirectory: fc.boolean(), pence: fc.integer({ min: 1, max: 90_000 }) }), {
    maxLength: 3,
  }),
  approved: fc.integer({ min: 0, max: 3 }),
  declined: fc.integer({ min: 0, max: 2 }),
});

/** The raw aggregates the repository would return for a population: what the SQL computes. */
function aggregate(people: Person[]) {
  const cells = new Map<string, SpendCell & { who: Set<number> }>();
  const anyWay = new Map<string, Set<number>>();
  people.forEach((p, i) =>
    p.spends.forEach((s) => {
      const id = `${s.key}|${s.inDirectory}`;
      const c = cells.get(id) ?? { key: s.key, inDirectory: s.inDirectory, pence: 0, budgets: 0, who: new Set<number>() };
      c.pence += s.pence;
      c.who.add(i);
      c.budgets = c.who.size;
      cells.set(id, c);
      anyWay.set(s.key, (anyWay.get(s.key) ?? new Set()).add(i));
    }),
  );
  const spend = publishSpend([...cells.values()], new Map([...anyWay].map(([k, who]) => [k, who.size])));
  const shown = new Set(shownSpendParts(spend).map((p) => `${p.key}|${p.inDirectory}`));
  const equity = (dimension: 'gender' | 'age') => {
    const keys = [...new Set(people.map((p) => p[dimension] ?? 'not-declared'))].sort();
    const groups: GroupFigures[] = keys.map((key) => {
      const members = people.filter((p) => (p[dimension] ?? 'not-declared') === key);
      const spent = members.map((p) => p.spends.filter((s) => shown.has(`${s.key}|${s.inDirectory}`)).reduce((a, s) => a + s.pence, 0));
      return {
        key,
        holders: members.length,
        approved: members.reduce((a, p) => a + p.approved, 0),
        declined: members.reduce((a, p) => a + p.declined, 0),
        spentPence: spent.reduce((a, b) => a + b, 0),
        spenders: spent.filter((x) => x > 0).length,
      };
    });
    return { groups, published: publishEquity(groups, people.length, spend.shownTotal.all, DEFAULT_RULES, true) };
  };
  return { cells: [...cells.values()], spend, gender: equity('gender'), age: equity('age') };
}

/** Whether vector `target` is a linear combination of `rows` (Gaussian elimination over the rationals, in floating point on 0/1 rows). */
function inSpan(rows: number[][], target: number[]): boolean {
  const m = rows.map((r) => [...r]);
  const t = [...target];
  const basis: Array<{ pivot: number; row: number[] }> = [];
  for (const r of m) {
    for (const b of basis) {
      const f = r[b.pivot];
      if (Math.abs(f) > 1e-9) for (let j = 0; j < r.length; j++) r[j] -= f * b.row[j];
    }
    const pivot = r.findIndex((x) => Math.abs(x) > 1e-9);
    if (pivot < 0) continue;
    const scale = r[pivot];
    basis.push({ pivot, row: r.map((x) => x / scale) });
  }
  for (const b of basis) {
    const f = t[b.pivot];
    if (Math.abs(f) > 1e-9) for (let j = 0; j < t.length; j++) t[j] -= f * b.row[j];
  }
  return t.every((x) => Math.abs(x) < 1e-6);
}

/** The money a commissioner can read, as exact equations over the table's cells; the withheld figures, as the same. */
function moneyEquations(spend: PublishedSpend, cells: SpendCell[]) {
  const index = cells.map((c) => `${c.key}|${c.inDirectory}`);
  const vector = (key: string, parts: boolean[]) => index.map((id) => (parts.some((d) => id === `${key}|${d}`) ? 1 : 0));
  const published: number[][] = [];
  const withheld: Array<{ label: string; vector: number[]; truth: number }> = [];
  const truth = (key: string, parts: boolean[]) =>
    cells.filter((c) => c.key === key && parts.includes(c.inDirectory)).reduce((a, c) => a + c.pence, 0);
  for (const r of spend.rows) {
    for (const [figure, parts] of [
      [r.inDirectory, [true]],
      [r.outside, [false]],
      [r.all, [true, false]],
    ] as const) {
      const v = vector(r.key, [...parts]);
      if (figure.pence !== null) published.push(v);
      else if (truth(r.key, [...parts]) !== 0)
        withheld.push({ label: `${r.key} ${parts.join('+')}`, vector: v, truth: truth(r.key, [...parts]) });
    }
  }
  // The column totals are sums of shown figures: already in the span, but they are on the page, so the attacker has them.
  return { published, withheld };
}

/**
 * Bounds each hidden count by every sum it is part of (each partition of the area's holders adds up to the
 * shown total), to a fixed point: the attack a commissioner with a spreadsheet would make.
 */
function narrowedCounts(tables: Array<{ total: SafeCount; cells: SafeCount[] }>) {
  const bounds = tables.map((t) => t.cells.map((c) => countRange(c)));
  let total = countRange(tables[0].total);
  for (let pass = 0; pass < 10; pass++) {
    for (const cells of bounds) {
      const lo = cells.reduce((a, c) => a + c[0], 0);
      const hi = cells.reduce((a, c) => a + c[1], 0);
      total = [Math.max(total[0], lo), Math.min(total[1], hi)];
      cells.forEach((c) => {
        c[0] = Math.max(c[0], total[0] - (hi - c[1]));
        c[1] = Math.min(c[1], total[1] - (lo - c[0]));
      });
    }
  }
  return bounds;
}

const everyRateFromShownCounts = (e: PublishedEquity) =>
  e.groups.every(
    (g) =>
      g.shareOfHolders === shownRate(g.holders, e.allHolders) &&
      g.declineRate ===
        shownRate(
          g.declinedItems,
          g.approvedItems.value === null || g.declinedItems.value === null
            ? { value: null, display: '*' }
            : { value: g.approvedItems.value + g.declinedItems.value, display: '' },
        ),
  );

describe('nothing withheld can be worked out from what a commissioner reads', () => {
  it('no withheld sum of money is a combination of the sums shown', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 60 }), (people) => {
        const { cells, spend } = aggregate(people);
        const { published, withheld } = moneyEquations(spend, cells);
        for (const w of withheld) expect([w.label, inSpan(published, w.vector)]).toEqual([w.label, false]);
      }),
      { numRuns: 300 },
    );
  });

  it('no count from 1 to 7 is pinned down by the totals it adds up to, and every rate comes from counts as shown', () => {
    fc.assert(
      fc.property(fc.array(person, { minLength: 20, maxLength: 70 }), (people) => {
        const { gender, age } = aggregate(people);
        expect(everyRateFromShownCounts(gender.published) && everyRateFromShownCounts(age.published)).toBe(true);
        // A withheld breakdown shows nothing to attack.
        const shown = [gender, age].filter((d) => !d.published.withheld);
        if (!shown.length) return;
        const tables = shown.map((d) => ({ total: d.published.allHolders, cells: d.published.groups.map((g) => g.holders) }));
        const bounds = narrowedCounts(tables);
        shown.forEach((d, t) =>
          d.groups.forEach((g, i) => {
            const [lo, hi] = bounds[t][i];
            // The attack is sound (the truth is always within its bounds) and never narrows a small count to one value.
            expect([g.key, lo <= g.holders && g.holders <= hi]).toEqual([g.key, true]);
            if (g.holders >= 1 && g.holders < T) expect([g.key, lo < hi]).toEqual([g.key, true]);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('would catch the old ways: a row total beside one withheld part, and a share from exact counts', () => {
    const cells: SpendCell[] = [
      { key: 'advocacy', inDirectory: true, pence: 90_000, budgets: 12 },
      { key: 'advocacy', inDirectory: false, pence: 4_000, budgets: 2 },
    ];
    const spend = publishSpend(cells, new Map([['advocacy', 13]]));
    expect(spend.rows[0].all).toEqual({ pence: null, withheld: 'protects' });
    const { published, withheld } = moneyEquations(spend, cells);
    // Had the row total been shown, the withheld part would be total minus the rest.
    expect(inSpan([...published, [1, 1]], withheld[0].vector)).toBe(true);
    expect(inSpan(published, withheld[0].vector)).toBe(false);
    // 3 holders of 40 as an exact share (8%) would give the 3 away beside "<8"; from the counts as shown it is "*".
    expect(shownRate({ value: null, display: '<8' }, { value: 40, display: '40' })).toBe('*');
  });

  it('hides one more cell where rounding bands and "<8" would add up to one answer', () => {
    // 7, 7, 12, 7 of 33: shown as <8, <8, 10, <8 beside a total of 35, each <8 could only be 7.
    const cells = protectedRow([7, 7, 12, 7], { value: 35, display: '35' });
    expect(cells!.map((c) => c.display)).toEqual(['<8', '<8', '*', '<8']);
    // Four "<8" of a total shown as 30 (28 to 32) can only be 7 each: nothing of the row can be shown.
    expect(protectedRow([7, 7, 7, 7], { value: 30, display: '30' })).toBeNull();
  });

  it('says a total of spending is withheld rather than nothing', () => {
    const spend = publishSpend([{ key: 'advocacy', inDirectory: true, pence: 5_000, budgets: 3 }], new Map([['advocacy', 3]]));
    expect(spend).toMatchObject({ shownTotal: { all: 0 }, withheldFigures: 2, anySpent: true });
  });

  it('shares of holders are of every holder in the area, declared or not', () => {
    const groups: GroupFigures[] = [
      { key: 'woman', holders: 20, approved: 0, declined: 0, spentPence: 0, spenders: 0 },
      { key: 'not-declared', holders: 80, approved: 0, declined: 0, spentPence: 0, spenders: 0 },
    ];
    expect(publishEquity(groups, 100, 0).groups[0].shareOfHolders).toBe('20%');
  });
});
