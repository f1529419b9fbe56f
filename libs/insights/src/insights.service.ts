import { Injectable } from '@nestjs/common';
import { Clock, DomainError, Money } from '@kinwell/kernel';
import { CATEGORIES, COMMUNITIES, ETHNIC_GROUPS, ETHNICITIES, LANGUAGES, termName } from '@kinwell/directory';
import { cohortLargeEnough, DEFAULT_RULES, disclosedValue, DisclosureRules, SafeCount, safeCount, safeRow } from './domain/disclosure';
import { median, nearestRank, toTenths } from './domain/statistics';
import { rankGaps } from './domain/gaps';
import { NOT_DECLARED, publishEquity, PublishedGroup, PublishedSpend, publishSpend, ShownMoney, shownSpendParts } from './domain/publish';
import { Dimension, EquityDimensionKey, InsightsRepository, ONE_PER_PERSON } from './insights.repository';

/** When the figures of an answer are from: counted now (`live`), or from the read models as last refreshed. */
export interface AsOf {
  live: Date;
  /** Spending and budget sizes come from read models refreshed every 15 minutes (or when a commissioner asks). */
  readModels: Date | null;
}

export interface GapRow {
  key: string;
  label: string;
  score: number;
  supply: SafeCount;
  searches: SafeCount;
  zeroResultSearches: SafeCount;
  planItems: SafeCount;
  declined: SafeCount;
}

export interface MarketGaps {
  dimension: Dimension;
  gaps: GapRow[];
  /** Search terms that found nothing, each asked for at least `threshold` times (rarer ones are not shown). */
  unmetSearches: Array<{ terms: string; count: SafeCount }>;
}

const notDeclared = (label: (k: string) => string) => (k: string) => (k === NOT_DECLARED ? 'Not declared' : label(k));
export const LABELS: Record<Dimension | EquityDimensionKey, (key: string) => string> = {
  category: (k) => (k === 'uncategorised' ? 'Not categorised' : termName(CATEGORIES, k)),
  language: (k) => termName(LANGUAGES, k),
  community: (k) => termName(COMMUNITIES, k),
  delivery: (k) => ({ in_person: 'In person', online: 'Online', at_home: 'At home' })[k] ?? k,
  district: (k) => k,
  age_band: notDeclared((k) => k),
  gender: notDeclared((k) => k.replace('-', ' ').replace(/^\w/, (c) => c.toUpperCase())),
  ethnic_group: notDeclared((k) => termName(ETHNIC_GROUPS, k)),
  ethnicity: notDeclared((k) => termName(ETHNICITIES, k)),
};

// The groups a population line may name, by code or by name (lower case), for breakdowns with a vocabulary.
const byCodeOrName = (terms: Array<{ code: string; name: string }>) =>
  new Map(terms.flatMap((t) => [[t.code.toLowerCase(), t.code] as const, [t.name.toLowerCase(), t.code] as const]));
const GROUPS: Partial<Record<EquityDimensionKey, Map<string, string>>> = {
  ethnic_group: byCodeOrName(ETHNIC_GROUPS),
  ethnicity: byCodeOrName(ETHNICITIES),
  language: byCodeOrName(LANGUAGES),
  community: byCodeOrName(COMMUNITIES),
};

/** Groups in the order of their vocabulary (the census order for ethnicity), then by label; "not declared" last. */
const VOCABULARY_ORDER: Partial<Record<EquityDimensionKey, string[]>> = {
  ethnic_group: ETHNIC_GROUPS.map((t) => t.code),
  ethnicity: ETHNICITIES.map((t) => t.code),
};
const byCensusOrder =
  (dimension: EquityDimensionKey) =>
  (a: { key: string }, b: { key: string }): number => {
    const rank = (k: string) => (k === NOT_DECLARED ? Number.MAX_SAFE_INTEGER : (VOCABULARY_ORDER[dimension]?.indexOf(k) ?? -1));
    return rank(a.key) - rank(b.key) || LABELS[dimension](a.key).localeCompare(LABELS[dimension](b.key));
  };

export interface SpendFigures {
  asOf: AsOf;
  budgets: SafeCount;
  /** Money allocated to the area's budgets, top-ups included: shown for an area with enough budgets that no one stands out. */
  allocated: Money | null;
  published: PublishedSpend;
  /** The total of the spending shown; null (read "withheld") when money was spent but none of it can be shown. */
  totalSpent: Money | null;
  meanBudget: Money | null;
  medianBudget: Money | null;
  mostFrequentBudget: Money | null;
  distribution: Array<{ label: string; count: SafeCount }>;
  byCategory: Array<{
    key: string;
    label: string;
    inDirectory: ShownMoney;
    outside: ShownMoney;
    all: ShownMoney;
    spent: Money | null;
    share: string;
  }>;
  fastTrackUptake: SafeCount;
  mostUsedOfferings: Array<{ name: string; count: SafeCount }>;
}

export type Timeliness = Awaited<ReturnType<InsightsService['timeliness']>>;
export type Overview = ReturnType<InsightsService['overviewOf']>;
export type Decisions = Awaited<ReturnType<InsightsService['decisions']>>;
export type Outcomes = Awaited<ReturnType<InsightsService['outcomes']>>;
export type DecisionMonths = Awaited<ReturnType<InsightsService['decisionTimesByMonth']>>;
export type SupplyMatrix = Awaited<ReturnType<InsightsService['supplyMatrix']>>;

export interface EquityFigures {
  dimension: EquityDimensionKey;
  asOf: AsOf;
  withheld: boolean;
  allHolders: SafeCount;
  groups: Array<PublishedGroup & { label: string; shareOfPopulation: string | null }>;
  /** When the population beside uptake was uploaded. */
  populationUploadedAt: Date | null;
}

/**
 * Commissioner insights: every figure passes disclosure control here, on the server, and
 * no query returns anything about a person.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly repository: InsightsRepository,
    private readonly clock: Clock,
    private readonly rules: DisclosureRules = DEFAULT_RULES,
  ) {}

  async marketGaps(areaId: string, dimension: Dimension): Promise<MarketGaps> {
    const districts = await this.repository.districts(areaId);
    const [supply, searches, items, terms] = await Promise.all([
      this.repository.supply(areaId, dimension),
      this.repository.searches(districts, dimension),
      this.repository.planItems(areaId, dimension),
      this.repository.zeroResultTerms(districts, 20),
    ]);
    const keys = new Set([...supply.keys(), ...searches.all.keys(), ...items.asked.keys(), ...items.declined.keys()]);
    const ranked = rankGaps(
      [...keys].map((key) => ({
        key,
        supply: supply.get(key) ?? 0,
        searches: searches.all.get(key) ?? 0,
        zeroResultSearches: searches.zero.get(key) ?? 0,
        planItems: items.asked.get(key) ?? 0,
        declined: items.declined.get(key) ?? 0,
      })),
      // Demand is scored on the disclosed figures; supply is the public directory, so exact.
      (n) => disclosedValue(n, this.rules),
    );
    return {
      dimension,
      gaps: ranked.map((g) => ({
        key: g.key,
        label: LABELS[dimension](g.key),
        score: g.score,
        supply: safeCount(g.supply, this.rules),
        searches: safeCount(g.searches, this.rules),
        zeroResultSearches: safeCount(g.zeroResultSearches, this.rules),
        planItems: safeCount(g.planItems, this.rules),
        declined: safeCount(g.declined, this.rules),
      })),
      unmetSearches: terms
        .filter((t) => Number(t.n) >= this.rules.threshold)
        .map((t) => ({ terms: t.terms, count: safeCount(Number(t.n), this.rules) })),
    };
  }

  async timeliness(areaId: string, unpaidAfterDays: number) {
    if (!Number.isInteger(unpaidAfterDays) || unpaidAfterDays < 1 || unpaidAfterDays > 365)
      throw DomainError.validation([{ field: 'unpaidAfterDays', message: 'must be from 1 to 365' }]);
    const [row] = await this.repository.timeliness(areaId);
    const stage = (label: string, days: number[] | null) => {
      const sorted = (days ?? []).map(Number).sort((a, b) => a - b);
      const shown = cohortLargeEnough(sorted.length, this.rules);
      return {
        stage: label,
        cases: safeCount(sorted.length, this.rules),
        medianDays: shown ? median(sorted, toTenths) : null,
        p90Days: shown ? toTenths(nearestRank(sorted, 90)) : null,
      };
    };
    const unpaid = await this.repository.approvedUnpaid(areaId, new Date(this.clock.now().getTime() - unpaidAfterDays * 86_400_000));
    const deadlines = await this.repository.againstDeadlines(areaId, this.clock.now());
    return {
      stages: [
        stage('Referral to plan submitted', row.to_plan),
        stage('Referral to first decision', row.to_decision),
        stage('Referral to first payment', row.to_payment),
      ],
      approvedUnpaid: safeCount(unpaid, this.rules),
      unpaidAfterDays,
      // Against the area's own deadlines (working days, from its sign-off policy), each count suppressed alike.
      deadlines: {
        decidedOnTime: safeCount(deadlines.on_time, this.rules),
        decidedLate: safeCount(deadlines.late, this.rules),
        waitingOverdue: safeCount(deadlines.overdue, this.rules),
      },
    };
  }

  async asOf(): Promise<AsOf> {
    return { live: this.clock.now(), readModels: await this.repository.refreshedAt() };
  }

  private async publishedSpend(areaId: string): Promise<PublishedSpend> {
    const [cells, spenders] = await Promise.all([this.repository.spendByCategory(areaId), this.repository.spendersByCategory(areaId)]);
    return publishSpend(cells, spenders, this.rules);
  }

  async spend(areaId: string): Promise<SpendFigures> {
    const [sizes, published, offerings, fastTrack, asOf] = await Promise.all([
      this.repository.budgetSizes(areaId),
      this.publishedSpend(areaId),
      this.repository.mostUsedOfferings(areaId, 10),
      this.repository.fastTrackUptake(areaId),
      this.asOf(),
    ]);
    const sorted = [...sizes].sort((a, b) => a - b);
    const shown = cohortLargeEnough(sorted.length, this.rules);
    const frequency = new Map<number, number>();
    for (const s of sorted) frequency.set(s, (frequency.get(s) ?? 0) + 1);
    const [mode, modeCount] = [...frequency.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0, 0];
    const bands: Array<[string, number, number]> = [
      ['Up to £250', 0, 25_000],
      ['£250 to £500', 25_001, 50_000],
      ['£500 to £1,000', 50_001, 100_000],
      ['£1,000 to £2,000', 100_001, 200_000],
      ['Over £2,000', 200_001, Number.MAX_SAFE_INTEGER],
    ];
    const bandCounts = safeRow(
      bands.map(([, lo, hi]) => sorted.filter((s) => s >= lo && s <= hi).length),
      this.rules,
    );
    const total = published.shownTotal.all;
    const pence = (m: ShownMoney) => (m.pence === null ? null : Money.ofPence(m.pence));
    return {
      asOf,
      budgets: safeCount(sorted.length, this.rules),
      allocated: shown ? Money.ofPence(sorted.reduce((a, b) => a + b, 0)) : null,
      published,
      totalSpent: total === 0 && published.anySpent ? null : Money.ofPence(total),
      meanBudget: shown ? Money.ofPence(Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length)) : null,
      // An even count's median is the mean of the middle two, to the nearest penny.
      medianBudget: shown ? Money.ofPence(median(sorted, Math.round)) : null,
      // The most frequent size is shown only when enough budgets share it.
      mostFrequentBudget: shown && modeCount >= this.rules.threshold ? Money.ofPence(mode) : null,
      distribution: bands.map(([label], i) => ({ label, count: bandCounts[i] })),
      byCategory: published.rows
        .map((r) => ({
          key: r.key,
          label: LABELS.category(r.key),
          inDirectory: r.inDirectory,
          outside: r.outside,
          all: r.all,
          spent: pence(r.all),
          // A share of the spending shown, from the shown figure itself.
          share: r.all.pence !== null && total > 0 ? `${Math.round((r.all.pence / total) * 100)}%` : '*',
        }))
        .sort((a, b) => (b.all.pence ?? -1) - (a.all.pence ?? -1) || a.label.localeCompare(b.label)),
      fastTrackUptake: safeCount(fastTrack, this.rules),
      mostUsedOfferings: offerings
        .filter((o) => Number(o.n) >= this.rules.threshold)
        .map((o) => ({ name: o.name, count: safeCount(Number(o.n), this.rules) })),
    };
  }

  async equity(areaId: string, dimension: EquityDimensionKey): Promise<EquityFigures> {
    const published = await this.publishedSpend(areaId);
    const [rows, population, allHolders, asOf] = await Promise.all([
      this.repository.equity(areaId, dimension, shownSpendParts(published)),
      this.repository.population(areaId, dimension),
      this.repository.holderCount(areaId),
      this.asOf(),
    ]);
    const equity = publishEquity(rows, allHolders, published.shownTotal.all, this.rules, ONE_PER_PERSON.includes(dimension));
    const populationTotal = [...population.groups.values()].reduce((a, b) => a + b, 0);
    return {
      dimension,
      asOf,
      withheld: equity.withheld,
      allHolders: equity.allHolders,
      populationUploadedAt: population.uploadedAt,
      groups: equity.groups.sort(byCensusOrder(dimension)).map((g) => ({
        ...g,
        label: LABELS[dimension](g.key),
        // The census is public: its shares are exact.
        shareOfPopulation:
          populationTotal && population.groups.has(g.key)
            ? `${Math.round((population.groups.get(g.key)! / populationTotal) * 100)}%`
            : null,
      })),
    };
  }

  /**
   * After how many days the area counts an approved item as unpaid: its sign-off policy's deadline, the one its
   * brokers are reminded by (10 days, the policy's default, where the policy predates deadlines; insights reads
   * the policy but does not depend on the plans context that owns it).
   */
  async unpaidAfterDays(areaId: string): Promise<number> {
    return (await this.repository.unpaidAfterDays(areaId)) ?? 10;
  }

  /** The area at a glance: the figures a board paper starts with. */
  async overview(areaId: string) {
    const [spend, timeliness, gaps] = await Promise.all([
      this.spend(areaId),
      this.unpaidAfterDays(areaId).then((days) => this.timeliness(areaId, days)),
      this.marketGaps(areaId, 'category'),
    ]);
    return this.overviewOf(spend, timeliness, gaps);
  }

  /** The overview from figures already worked out (the worker's snapshot computes each once). */
  overviewOf(spend: SpendFigures, timeliness: Timeliness, gaps: MarketGaps) {
    return {
      asOf: spend.asOf,
      budgets: spend.budgets,
      allocated: spend.allocated,
      spent: spend.totalSpent,
      spendWithheld: spend.published.withheldFigures > 0,
      toDecision: timeliness.stages[1],
      toPayment: timeliness.stages[2],
      approvedUnpaid: timeliness.approvedUnpaid,
      unpaidAfterDays: timeliness.unpaidAfterDays,
      topGaps: gaps.gaps.slice(0, 3),
      // The spending figures the totals came from, for a page (the quarterly report) that shows them too.
      spend,
    };
  }

  /** Declines grouped by reason, appeals and how they ended, and time to decide. */
  async decisions(areaId: string) {
    const [d, asOf] = await Promise.all([this.repository.decisions(areaId), this.asOf()]);
    const sorted = [...d.days].sort((a, b) => a - b);
    const shown = cohortLargeEnough(sorted.length, this.rules);
    const reasonKeys = [...d.reasons.keys()].sort();
    const reasonCounts = safeRow(
      reasonKeys.map((k) => d.reasons.get(k)!),
      this.rules,
    );
    const appealKeys = ['approved', 'declined', 'pending', 'changes_requested'];
    const appealCounts = safeRow(
      appealKeys.map((k) => d.appeals.get(k) ?? 0),
      this.rules,
    );
    return {
      asOf,
      decided: safeCount(sorted.length, this.rules),
      medianDays: shown ? median(sorted, toTenths) : null,
      p90Days: shown ? toTenths(nearestRank(sorted, 90)) : null,
      declineReasons: reasonKeys.map((key, i) => ({ key, count: reasonCounts[i] })),
      appeals: appealKeys.map((key, i) => ({ key, count: appealCounts[i] })),
    };
  }

  /** Goal ratings at the latest review against their baselines, by the category of the items serving them. */
  async outcomes(areaId: string) {
    const [rows, asOf] = await Promise.all([this.repository.outcomes(areaId), this.asOf()]);
    const byKey = new Map<string, Array<{ baseline: number; rating: number }>>();
    for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), { baseline: Number(r.baseline), rating: Number(r.rating) }]);
    const sortedOf = (xs: number[]) => [...xs].sort((a, b) => a - b);
    return {
      asOf,
      categories: [...byKey.entries()]
        .map(([key, goals]) => {
          const shown = cohortLargeEnough(goals.length, this.rules);
          const better = goals.filter((g) => g.rating > g.baseline).length;
          return {
            key,
            label: LABELS.category(key),
            goals: safeCount(goals.length, this.rules),
            medianBaseline: shown ? median(sortedOf(goals.map((g) => g.baseline)), toTenths) : null,
            medianRating: shown ? median(sortedOf(goals.map((g) => g.rating)), toTenths) : null,
            medianChange: shown ? median(sortedOf(goals.map((g) => g.rating - g.baseline)), toTenths) : null,
            improved: shown ? `${Math.round((better / goals.length) * 100)}%` : '*',
          };
        })
        .sort((a, b) => a.label.localeCompare(b.label)),
    };
  }

  /**
   * Parses "group,population" lines (a header line is allowed) and replaces the area's figures for the
   * dimension. A group is its code or its name; each mistake names its line, as numbered in the file.
   */
  async uploadPopulation(areaId: string, dimension: EquityDimensionKey, csv: string): Promise<number> {
    const known = GROUPS[dimension];
    const problems: Array<{ field: string; message: string }> = [];
    const groups: Array<{ key: string; population: number }> = [];
    csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .forEach((raw, i) => {
        const line = raw.trim();
        if (!line || (i === 0 && /population/i.test(line))) return;
        // The number is after the last comma; a name with commas in it comes in quotes, as spreadsheets write it.
        const cut = line.lastIndexOf(',');
        const unquote = (x: string) =>
          x
            .trim()
            .replace(/^"(.*)"$/, '$1')
            .replace(/""/g, '"');
        const name = cut < 0 ? '' : unquote(line.slice(0, cut));
        const value = cut < 0 ? line : unquote(line.slice(cut + 1));
        const key = known ? known.get(name.toLowerCase()) : name;
        if (!name || !/^\d{1,9}$/.test(value))
          problems.push({ field: `csv.line${i + 1}`, message: `Line ${i + 1}: write "group,whole number"` });
        else if (!key)
          problems.push({ field: `csv.line${i + 1}`, message: `Line ${i + 1}: "${name.slice(0, 60)}" is not a group of this breakdown` });
        else if (groups.some((g) => g.key === key))
          problems.push({ field: `csv.line${i + 1}`, message: `Line ${i + 1}: gives a group a second time` });
        else groups.push({ key, population: Number(value) });
      });
    if (!groups.length && !problems.length) problems.push({ field: 'csv', message: 'give at least one "group,population" line' });
    if (problems.length) throw DomainError.validation(problems.slice(0, 50));
    await this.repository.replacePopulation(areaId, dimension, groups, this.clock.now());
    return groups.length;
  }

  /** Median days from referral to first decision per month, withheld for months with too few cases. */
  async decisionTimesByMonth(areaId: string): Promise<Array<{ month: string; medianDays: number | null; cases: SafeCount }>> {
    return (await this.repository.decisionDaysByMonth(areaId)).map((m) => {
      const sorted = m.days.map(Number).sort((a, b) => a - b);
      return {
        month: m.month,
        cases: safeCount(sorted.length, this.rules),
        medianDays: cohortLargeEnough(sorted.length, this.rules) ? median(sorted, toTenths) : null,
      };
    });
  }

  async supplyMatrix(areaId: string): Promise<{ categories: string[]; languages: string[]; cells: Map<string, number> }> {
    const rows = await this.repository.supplyMatrix(areaId);
    const cells = new Map(rows.map((r) => [`${r.category}|${r.language}`, Number(r.n)]));
    return { categories: CATEGORIES.map((c) => c.code), languages: [...new Set(rows.map((r) => r.language))].sort(), cells };
  }
}
