import { Injectable } from '@nestjs/common';
import { Clock, DomainError, Money } from '@kinwell/kernel';
import { CATEGORIES, COMMUNITIES, LANGUAGES, termName } from '@kinwell/directory';
import {
  cohortLargeEnough,
  DEFAULT_RULES,
  disclosedValue,
  DisclosureRules,
  SafeCount,
  safeCount,
  safePercentage,
  safeRow,
} from './domain/disclosure';
import { median, nearestRank, toTenths } from './domain/statistics';
import { rankGaps } from './domain/gaps';
import { Dimension, EquityDimensionKey, InsightsRepository } from './insights.repository';

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

const LABELS: Record<Dimension | EquityDimensionKey, (key: string) => string> = {
  category: (k) => (k === 'not-in-directory' ? 'Not in the directory' : termName(CATEGORIES, k)),
  language: (k) => termName(LANGUAGES, k),
  community: (k) => termName(COMMUNITIES, k),
  delivery: (k) => ({ in_person: 'In person', online: 'Online', at_home: 'At home' })[k] ?? k,
  district: (k) => k,
  age_band: (k) => k,
  gender: (k) => k.replace('-', ' ').replace(/^\w/, (c) => c.toUpperCase()),
};

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

  async spend(areaId: string) {
    const [sizes, byCategory, offerings, fastTrack] = await Promise.all([
      this.repository.budgetSizes(areaId),
      this.repository.spendByCategory(areaId),
      this.repository.mostUsedOfferings(areaId, 10),
      this.repository.fastTrackUptake(areaId),
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
    const total = Money.sum(byCategory.map((c) => Money.ofPence(c.pence)));
    return {
      budgets: safeCount(sorted.length, this.rules),
      totalSpent: Money.sum(byCategory.filter((c) => Number(c.budgets) >= this.rules.threshold).map((c) => Money.ofPence(c.pence))),
      meanBudget: shown ? Money.ofPence(Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length)) : null,
      // An even count's median is the mean of the middle two, to the nearest penny.
      medianBudget: shown ? Money.ofPence(median(sorted, Math.round)) : null,
      // The most frequent size is shown only when enough budgets share it.
      mostFrequentBudget: shown && modeCount >= this.rules.threshold ? Money.ofPence(mode) : null,
      distribution: bands.map(([label], i) => ({ label, count: bandCounts[i] })),
      byCategory: byCategory.map((c) => ({
        key: c.key,
        label: LABELS.category(c.key),
        // Money spent by fewer budgets than the threshold could point at someone: withheld.
        spent: Number(c.budgets) >= this.rules.threshold ? Money.ofPence(c.pence) : null,
        share:
          Number(c.budgets) >= this.rules.threshold && total.isPositive()
            ? safePercentage(Number(c.pence), total.pence, { ...this.rules, threshold: 1 })
            : '*',
      })),
      fastTrackUptake: safeCount(fastTrack, this.rules),
      mostUsedOfferings: offerings
        .filter((o) => Number(o.n) >= this.rules.threshold)
        .map((o) => ({ name: o.name, count: safeCount(Number(o.n), this.rules) })),
    };
  }

  async equity(areaId: string, dimension: EquityDimensionKey) {
    const [rows, population] = await Promise.all([
      this.repository.equity(areaId, dimension),
      this.repository.population(areaId, dimension),
    ]);
    const cohort = rows.reduce((sum, r) => sum + Number(r.holders), 0);
    if (!cohort || !cohortLargeEnough(cohort, this.rules)) return { dimension, withheld: true, groups: [] };
    const holders = safeRow(
      rows.map((r) => Number(r.holders)),
      this.rules,
    );
    const approved = safeRow(
      rows.map((r) => Number(r.approved)),
      this.rules,
    );
    const declined = safeRow(
      rows.map((r) => Number(r.declined)),
      this.rules,
    );
    const populationTotal = [...population.values()].reduce((a, b) => a + b, 0);
    return {
      dimension,
      withheld: false,
      groups: rows.map((r, i) => ({
        key: r.key,
        label: LABELS[dimension](r.key),
        holders: holders[i],
        approvedItems: approved[i],
        declinedItems: declined[i],
        declineRate: safePercentage(Number(r.declined), Number(r.approved) + Number(r.declined), this.rules),
        spent: holders[i].value !== null ? Money.ofPence(r.spent) : null,
        // Uptake beside the area's population, where the commissioner has uploaded it.
        shareOfHolders: holders[i].value !== null ? safePercentage(Number(r.holders), cohort, this.rules) : '*',
        shareOfPopulation:
          populationTotal && population.has(r.key) ? `${Math.round((population.get(r.key)! / populationTotal) * 100)}%` : null,
      })),
    };
  }

  /** Parses "group,population" lines and replaces the area's figures for the dimension. */
  async uploadPopulation(areaId: string, dimension: EquityDimensionKey, csv: string): Promise<number> {
    const lines = csv
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length && /population/i.test(lines[0])) lines.shift();
    const problems: Array<{ field: string; message: string }> = [];
    const groups = lines.map((line, i) => {
      const [key, value] = line.split(',').map((x) => x.trim());
      if (!key || !/^\d{1,9}$/.test(value ?? '')) problems.push({ field: `csv.line${i + 1}`, message: 'must be "group,whole number"' });
      return { key, population: Number(value) };
    });
    if (!groups.length) problems.push({ field: 'csv', message: 'give at least one "group,population" line' });
    if (new Set(groups.map((g) => g.key)).size !== groups.length) problems.push({ field: 'csv', message: 'each group once' });
    if (problems.length) throw DomainError.validation(problems);
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
