/** Demand and supply signals for one value of a dimension (a category, a language, a community). */
export interface GapSignals {
  key: string;
  /** Approved, current offerings in the area. */
  supply: number;
  searches: number;
  zeroResultSearches: number;
  /** Plan items asked for (not declined). */
  planItems: number;
  /** Plan items declined. */
  declined: number;
}

/** Weights of each demand signal: a search that found nothing says most about a gap. */
export const GAP_WEIGHTS = { zeroResultSearches: 3, searches: 1, planItems: 2, declined: 2 } as const;

export interface RankedGap extends GapSignals {
  demand: number;
  /** Demand per unit of supply: demand / (1 + supply), to one decimal place. */
  score: number;
}

/**
 * Ranks gaps, biggest first, with every part of the score kept for the commissioner to see.
 * `demandFigure` maps each demand count to the figure the score is built from (the disclosed
 * one, in commissioner queries); the identity by default.
 */
export function rankGaps(signals: GapSignals[], demandFigure: (count: number) => number = (n) => n): RankedGap[] {
  return signals
    .map((s) => {
      const f = (n: number) => (n === 0 ? 0 : demandFigure(n));
      const demand =
        f(s.zeroResultSearches) * GAP_WEIGHTS.zeroResultSearches +
        f(s.searches) * GAP_WEIGHTS.searches +
        f(s.planItems) * GAP_WEIGHTS.planItems +
        f(s.declined) * GAP_WEIGHTS.declined;
      return { ...s, demand, score: Math.round((demand / (1 + s.supply)) * 10) / 10 };
    })
    .filter((g) => g.demand > 0)
    .sort((a, b) => b.score - a.score || b.demand - a.demand || a.key.localeCompare(b.key));
}
