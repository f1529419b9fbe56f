import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Clock, Money } from '@kinwell/kernel';
import {
  AsOf,
  DecisionMonths,
  Decisions,
  EquityFigures,
  InsightsService,
  MarketGaps,
  Outcomes,
  Overview,
  SpendFigures,
  SupplyMatrix,
  Timeliness,
} from './insights.service';
import { Dimension, DIMENSIONS, EQUITY_DIMENSIONS, EquityDimensionKey, InsightsRepository } from './insights.repository';

/** A figure with the moment it is from. */
export type AsOfFigure<T> = T & { asOf: AsOf };

interface Catalogue {
  overview: Overview;
  spend: SpendFigures;
  timeliness: { tl: Timeliness; months: DecisionMonths };
  outcomes: Outcomes;
  decisions: Decisions;
  matrix: SupplyMatrix;
  [gaps: `gaps:${string}`]: MarketGaps;
  [equity: `equity:${string}`]: EquityFigures;
}
type Name = Extract<keyof Catalogue, string>;

// JSON keeps numbers, strings and arrays; money, moments and maps are tagged so they come back as they were.
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (raw instanceof Money) return { $pence: raw.pence };
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof Map) return { $map: [...raw.entries()] };
    return v;
  });
}
function decode<T>(json: string): T {
  return JSON.parse(json, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const tagged = v as { $pence?: number; $date?: string; $map?: Array<[unknown, unknown]> };
    if (tagged.$pence !== undefined) return Money.ofPence(tagged.$pence);
    if (tagged.$date !== undefined) return new Date(tagged.$date);
    if (tagged.$map !== undefined) return new Map(tagged.$map);
    return v;
  }) as T;
}

/**
 * The commissioner's workspace reads its figures from a snapshot per area: after each refresh of the read models
 * the worker works out every figure of every area in one repeatable-read transaction, so the figures on a page, its
 * downloads and the quarterly report are from one moment, and say when. A figure not yet worked out (a new area, or
 * one dropped by a population upload) is worked out when first read and kept. On a large area this turns seconds
 * of counting per page into one row read; InsightsService stays the one place every figure is made.
 */
@Injectable()
export class AreaFigures {
  constructor(
    private readonly tx: TransactionHost,
    private readonly insights: InsightsService,
    private readonly repository: InsightsRepository,
    private readonly clock: Clock,
  ) {}

  overview(areaId: string) {
    return this.read(areaId, 'overview', () => this.insights.overview(areaId));
  }

  gaps(areaId: string, dimension: Dimension) {
    return this.read(areaId, `gaps:${dimension}`, () => this.insights.marketGaps(areaId, dimension));
  }

  equity(areaId: string, dimension: EquityDimensionKey) {
    return this.read(areaId, `equity:${dimension}`, () => this.insights.equity(areaId, dimension));
  }

  spend(areaId: string) {
    return this.read(areaId, 'spend', () => this.insights.spend(areaId));
  }

  timeliness(areaId: string) {
    return this.read(areaId, 'timeliness', () => this.timelinessNow(areaId));
  }

  outcomes(areaId: string) {
    return this.read(areaId, 'outcomes', () => this.insights.outcomes(areaId));
  }

  decisions(areaId: string) {
    return this.read(areaId, 'decisions', () => this.insights.decisions(areaId));
  }

  matrix(areaId: string) {
    return this.read(areaId, 'matrix', () => this.insights.supplyMatrix(areaId));
  }

  /** Drops the area's figures that a change outside insights has made out of date (the deadline in its sign-off policy). */
  async policyChanged(areaId: string): Promise<void> {
    await this.repository.forgetSnapshots(areaId, ['overview', 'timeliness']);
  }

  /** Works out every figure of every area (the worker, after refreshing the read models). */
  async computeEvery(): Promise<number> {
    const areas = await this.repository.areas();
    for (const areaId of areas) await this.compute(areaId);
    return areas.length;
  }

  /** Every figure of one area from one moment: one repeatable-read transaction that only reads, then one write. */
  async compute(areaId: string): Promise<void> {
    const { at, readModels, figures } = await this.tx.run(async () => {
      const at = this.clock.now();
      const [readModels, spend, timeliness, outcomes, decisions, matrix] = await Promise.all([
        this.repository.refreshedAt(),
        this.insights.spend(areaId),
        this.timelinessNow(areaId),
        this.insights.outcomes(areaId),
        this.insights.decisions(areaId),
        this.insights.supplyMatrix(areaId),
      ]);
      const figures: Partial<Catalogue> = { spend, timeliness, outcomes, decisions, matrix };
      for (const d of DIMENSIONS) figures[`gaps:${d}`] = await this.insights.marketGaps(areaId, d);
      for (const d of EQUITY_DIMENSIONS) figures[`equity:${d}`] = await this.insights.equity(areaId, d);
      figures.overview = this.insights.overviewOf(spend, timeliness.tl, figures['gaps:category']!);
      return { at, readModels, figures };
    }, 'REPEATABLE READ');
    await this.repository.storeSnapshots(
      areaId,
      at,
      readModels,
      Object.entries(figures).map(([figure, value]) => ({ figure, payload: encode(value) })),
    );
  }

  private async timelinessNow(areaId: string) {
    const days = await this.insights.unpaidAfterDays(areaId);
    const [tl, months] = await Promise.all([this.insights.timeliness(areaId, days), this.insights.decisionTimesByMonth(areaId)]);
    return { tl, months };
  }

  private async read<N extends Name>(areaId: string, figure: N, work: () => Promise<Catalogue[N]>): Promise<AsOfFigure<Catalogue[N]>> {
    const stored = await this.repository.snapshot(areaId, figure);
    if (stored) return { ...decode<Catalogue[N]>(stored.payload), asOf: { live: stored.computedAt, readModels: stored.readModelsAt } };
    const at = this.clock.now();
    const readModels = await this.repository.refreshedAt();
    const value = await work();
    await this.repository.storeSnapshots(areaId, at, readModels, [{ figure, payload: encode(value) }]);
    return { ...value, asOf: { live: at, readModels } };
  }
}
