import { Injectable } from '@nestjs/common';
import { Clock, DomainError, Money } from '@kinwell/kernel';
import { CATEGORIES, COMMUNITIES, LANGUAGES, termName } from '@kinwell/directory';
import { cohortLargeEnough, DEFAULT_RULES, DisclosureRules, SafeCount, safeCount, safePercentage, safeRow } from './domain/disclosure';
import { rankGaps } from './domain/gaps';
import { Dimension, InsightsRepository } from './insights.repository';

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

const LABELS: Record<Dimension, (key: string) => string> = {
  category: (k) => (k === 'not-in-directory' ? 'Not in the directory' : termName(CATEGORIES, k)),
  language: (k) => termName(LANGUAGES, k),
  community: (k) => termName(COMMUNITIES, k),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
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
      unmetSearches: terms.filter((t) => Number(t.n) >= this.rules.threshold).map((t) => ({ terms: t.terms, count: safeCount(Number(t.n), this.rules) })),
    };
  }

  async timeliness(areaId: string, unpaidAfterDays: number) {
    if (!Number.isInteger(unpaidAfterDays) || unpaidAfterDays < 1 || unpaidAfterDays > 365) throw DomainError.validation([{ field: 'unpaidAfterDays', message: 'must be from 1 to 365' }]);
    const [row] = await this.repository.timeliness(areaId);
    const stage = (label: string, days: number[] | null) => {
      const sorted = (days ?? []).map(Number).sort((a, b) => a - b);
      const shown = cohortLargeEnough(sorted.length, this.rules);
      return {
        stage: label,
        cases: safeCount(sorted.length, this.rules),
        medianDays: shown ? Math.round(percentile(sorted, 50) * 10) / 10 : null,
        p90Days: shown ? Math.round(percentile(sorted, 90) * 10) / 10 : null,
      };
    };
    const unpaid = await this.repository.approvedUnpaid(areaId, new Date(this.clock.now().getTime() - unpaidAfterDays * 86_400_000));
    return {
      stages: [stage('Referral to plan submitted', row.to_plan), stage('Referral to first decision', row.to_decision), stage('Referral to first payment', row.to_payment)],
      approvedUnpaid: safeCount(unpaid, this.rules),
      unpaidAfterDays,
    };
  }

  async spend(areaId: string) {
    const [sizes, byCategory, offerings] = await Promise.all([this.repository.budgetSizes(areaId), this.repository.spendByCategory(areaId), this.repository.mostUsedOfferings(areaId, 10)]);
    const sorted = [...sizes].sort((a, b) => a - b);
    const shown = cohortLargeEnough(sorted.length, this.rules);
    const frequency = new Map<number, number>();
    for (const s of sorted) frequency.set(s, (frequency.get(s) ?? 0) + 1);
    const [mode, modeCount] = [...frequency.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0, 0];
    const bands: Array<[string, number, number]> = [['Up to £250', 0, 25_000], ['£250 to £500', 25_001, 50_000], ['£500 to £1,000', 50_001, 100_000], ['£1,000 to £2,000', 100_001, 200_000], ['Over £2,000', 200_001, Number.MAX_SAFE_INTEGER]];
    const bandCounts = safeRow(bands.map(([, lo, hi]) => sorted.filter((s) => s >= lo && s <= hi).length), this.rules);
    const total = Money.sum(byCategory.map((c) => Money.ofPence(c.pence)));
    return {
      budgets: safeCount(sorted.length, this.rules),
      totalSpent: Money.sum(byCategory.filter((c) => Number(c.budgets) >= this.rules.threshold).map((c) => Money.ofPence(c.pence))),
      meanBudget: shown ? Money.ofPence(Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length)) : null,
      medianBudget: shown ? Money.ofPence(percentile(sorted, 50)) : null,
      // The most frequent size is shown only when enough budgets share it.
      mostFrequentBudget: shown && modeCount >= this.rules.threshold ? Money.ofPence(mode) : null,
      distribution: bands.map(([label], i) => ({ label, count: bandCounts[i] })),
      byCategory: byCategory.map((c) => ({
        key: c.key,
        label: LABELS.category(c.key),
        // Money spent by fewer budgets than the threshold could point at someone: withheld.
        spent: Number(c.budgets) >= this.rules.threshold ? Money.ofPence(c.pence) : null,
        share: Number(c.budgets) >= this.rules.threshold && total.isPositive() ? safePercentage(Number(c.pence), total.pence, { ...this.rules, threshold: 1 }) : '*',
      })),
      mostUsedOfferings: offerings.filter((o) => Number(o.n) >= this.rules.threshold).map((o) => ({ name: o.name, count: safeCount(Number(o.n), this.rules) })),
    };
  }

  async equity(areaId: string, dimension: 'community' | 'language') {
    const rows = await this.repository.equity(areaId, dimension);
    const cohort = rows.reduce((sum, r) => sum + Number(r.holders), 0);
    if (!cohort || !cohortLargeEnough(cohort, this.rules)) return { dimension, withheld: true, groups: [] };
    const holders = safeRow(rows.map((r) => Number(r.holders)), this.rules);
    const approved = safeRow(rows.map((r) => Number(r.approved)), this.rules);
    const declined = safeRow(rows.map((r) => Number(r.declined)), this.rules);
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
      })),
    };
  }
}
