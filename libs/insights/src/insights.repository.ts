import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionHost } from '@kinwell/database';
import { GroupFigures, NOT_DECLARED } from './domain/publish';

export type Dimension = 'category' | 'language' | 'community' | 'delivery' | 'district';
export const DIMENSIONS: Dimension[] = ['category', 'language', 'community', 'delivery', 'district'];
export type EquityDimensionKey = 'community' | 'language' | 'age_band' | 'gender' | 'ethnic_group' | 'ethnicity';
export const EQUITY_DIMENSIONS: EquityDimensionKey[] = ['ethnic_group', 'ethnicity', 'gender', 'age_band', 'language', 'community'];
/** Dimensions with one answer per person: their groups, with "not declared", cover every holder. */
export const ONE_PER_PERSON: EquityDimensionKey[] = ['ethnic_group', 'ethnicity', 'gender', 'age_band'];

/** One group key per holder for an equity breakdown; self-declared groups only with consent. */
const EQUITY_KEY: Record<EquityDimensionKey, string> = {
  language: 'unnest(h.languages)',
  community: `unnest(CASE WHEN h.equity_reporting_consent THEN h.communities ELSE '{}'::text[] END)`,
  age_band: `unnest(CASE WHEN h.equity_reporting_consent AND h.age_band IS NOT NULL THEN ARRAY[h.age_band] ELSE '{}'::text[] END)`,
  gender: `unnest(CASE WHEN h.equity_reporting_consent AND h.gender IS NOT NULL THEN ARRAY[h.gender] ELSE '{}'::text[] END)`,
  // The census code is "<group>-<detail>": the five high-level groups are its first part.
  ethnic_group: `unnest(CASE WHEN h.equity_reporting_consent AND h.ethnicity IS NOT NULL THEN ARRAY[split_part(h.ethnicity, '-', 1)] ELSE '{}'::text[] END)`,
  ethnicity: `unnest(CASE WHEN h.equity_reporting_consent AND h.ethnicity IS NOT NULL THEN ARRAY[h.ethnicity] ELSE '{}'::text[] END)`,
};

export interface KeyCount {
  key: string;
  n: number;
}

const PUBLIC_OFFERING = `o.withdrawn_at IS NULL AND o.phb_exclusion IS NULL AND o.available
  AND s.withdrawn_at IS NULL AND s.hidden_at IS NULL AND p.withdrawn_at IS NULL`;

/**
 * How each gap dimension is keyed: supply (offering o, service s) and a plan item (offering o and service s, both null for items outside the directory; holder h).
 */
const GAP_KEYS: Record<Dimension, { supply: string; supplyJoin?: string; item: string }> = {
  // A free-text item counts under the kind of thing it is.
  category: { supply: 'o.category_code', item: `coalesce(o.category_code, i.category_code, 'uncategorised')` },
  language: { supply: 'unnest(s.languages)', item: EQUITY_KEY.language },
  // Communities are counted only where the holder consented to equity reporting.
  community: { supply: 'unnest(s.communities)', item: EQUITY_KEY.community },
  delivery: {
    supply: 'unnest(s.delivery_modes)',
    item: `unnest(coalesce(s.delivery_modes, '{}'::text[]))`,
  },
  // Supply in a district is what is offered at a place there; online and at-home services have none.
  district: {
    supply: 'unnest(sd.districts)',
    // Each service's districts once, joined by hash: far cheaper than a lookup per offering.
    supplyJoin: `JOIN (SELECT sl.service_id, array_agg(DISTINCT l.postcode_district) AS districts FROM service_at_location sl JOIN location l ON l.id = sl.location_id
                        JOIN organisation lo ON lo.id = l.organisation_id WHERE lo.commissioner_id = $1 AND l.withdrawn_at IS NULL GROUP BY sl.service_id) sd ON sd.service_id = s.id`,
    item: 'unnest(array_remove(ARRAY[h.postcode_district], NULL))',
  },
};

/**
 * Aggregate queries for one commissioning area. Every query groups; none returns a row
 * per person, so nothing here can leak an individual even before disclosure control.
 */
@Injectable()
export class InsightsRepository {
  constructor(private readonly tx: TransactionHost) {}

  // Outside a transaction each query takes its own connection, so the service asks in parallel; inside one (the
  // snapshot's repeatable read) they share a connection, which takes one query at a time: queue them.
  private readonly queues = new WeakMap<EntityManager, Promise<unknown>>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as the driver gives them, typed by each caller, as manager.query does
  private query(sql: string, params: unknown[] = []): Promise<any> {
    const manager = this.tx.manager;
    if (!this.tx.inTransaction) return manager.query(sql, params);
    const next = (this.queues.get(manager) ?? Promise.resolve()).then(
      () => manager.query(sql, params),
      () => manager.query(sql, params),
    );
    this.queues.set(manager, next);
    return next;
  }

  private async counts(sql: string, params: unknown[]): Promise<Map<string, number>> {
    const rows: Array<{ key: string; n: string }> = await this.query(sql, params);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /** Postcode districts of the area's providers and holders, to place anonymous searches. */
  async districts(areaId: string): Promise<string[]> {
    const rows: Array<{ d: string }> = await this.query(
      `SELECT DISTINCT l.postcode_district AS d FROM location l JOIN organisation o ON o.id = l.organisation_id WHERE o.commissioner_id = $1
       UNION SELECT DISTINCT postcode_district FROM holder WHERE commissioner_id = $1 AND postcode_district IS NOT NULL`,
      [areaId],
    );
    return rows.map((r) => r.d);
  }

  supply(areaId: string, dimension: Dimension): Promise<Map<string, number>> {
    return this.counts(
      `SELECT key, count(*) AS n FROM (
         SELECT ${GAP_KEYS[dimension].supply} AS key FROM offering o JOIN service s ON s.id = o.service_id ${GAP_KEYS[dimension].supplyJoin ?? ''}
           JOIN provider_profile p ON p.organisation_id = o.organisation_id JOIN organisation g ON g.id = o.organisation_id
          WHERE g.commissioner_id = $1 AND ${PUBLIC_OFFERING}) x GROUP BY key`,
      [areaId],
    );
  }

  /** Searches and searches that found nothing, by value of the dimension, in the given districts (read model). */
  async searches(districts: string[], dimension: Dimension): Promise<{ all: Map<string, number>; zero: Map<string, number> }> {
    const rows: Array<{ key: string; n: string; zero: string }> = await this.query(
      `SELECT key, sum(n) AS n, sum(zero) AS zero FROM insight_search_demand
        WHERE postcode_district = ANY($1::text[]) AND dimension = $2 GROUP BY key`,
      [districts, dimension],
    );
    return { all: new Map(rows.map((r) => [r.key, Number(r.n)])), zero: new Map(rows.map((r) => [r.key, Number(r.zero)])) };
  }

  async planItems(areaId: string, dimension: Dimension): Promise<{ asked: Map<string, number>; declined: Map<string, number> }> {
    const rows: Array<{ key: string; asked: string; declined: string }> = await this.query(
      `SELECT key, count(*) FILTER (WHERE status <> 'declined') AS asked, count(*) FILTER (WHERE status = 'declined') AS declined FROM (
         SELECT ${GAP_KEYS[dimension].item} AS key, i.status FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
           LEFT JOIN offering o ON o.id = i.offering_id LEFT JOIN service s ON s.id = o.service_id
          WHERE h.commissioner_id = $1 AND i.status <> 'draft') x GROUP BY key`,
      [areaId],
    );
    return { asked: new Map(rows.map((r) => [r.key, Number(r.asked)])), declined: new Map(rows.map((r) => [r.key, Number(r.declined)])) };
  }

  /** The most frequent search terms that found nothing: anonymous evidence of a gap (read model). */
  zeroResultTerms(districts: string[], limit: number): Promise<Array<{ terms: string; n: string }>> {
    return this.query(
      `SELECT terms, sum(n) AS n FROM insight_unmet_terms WHERE postcode_district = ANY($1::text[])
        GROUP BY terms ORDER BY sum(n) DESC, terms LIMIT $2`,
      [districts, limit],
    );
  }

  /** Spend net of refunds, by category and whether bought from the directory, with how many budgets made each up (read model). */
  async spendByCategory(areaId: string): Promise<Array<{ key: string; inDirectory: boolean; pence: number; budgets: number }>> {
    const rows: Array<{ key: string; in_directory: boolean; pence: string; budgets: string }> = await this.query(
      'SELECT key, in_directory, pence::text, budgets::text FROM insight_spend_by_category WHERE commissioner_id = $1',
      [areaId],
    );
    return rows.map((r) => ({ key: r.key, inDirectory: r.in_directory, pence: Number(r.pence), budgets: Number(r.budgets) }));
  }

  /** Holders who spent in each category either way (read model). */
  spendersByCategory(areaId: string): Promise<Map<string, number>> {
    return this.counts(
      'SELECT key, count(DISTINCT holder_id) AS n FROM insight_holder_spend WHERE commissioner_id = $1 AND pence <> 0 GROUP BY key',
      [areaId],
    );
  }

  /** When each read model was last refreshed. */
  async refreshedAt(): Promise<Date | null> {
    const [row]: Array<{ at: Date | null }> = await this.query('SELECT min(refreshed_at) AS at FROM insight_refresh');
    return row?.at ?? null;
  }

  /** Allocated budget sizes (allocation plus top-ups), one figure per budget (read model). */
  async budgetSizes(areaId: string): Promise<number[]> {
    const rows: Array<{ pence: string }> = await this.query('SELECT pence::text FROM insight_budget_size WHERE commissioner_id = $1', [
      areaId,
    ]);
    return rows.map((r) => Number(r.pence));
  }

  /** Approved items from offerings sold as fast-track (e.g. the Stay Connected phone and SIM). */
  async fastTrackUptake(areaId: string): Promise<number> {
    const [{ n }] = await this.query(
      `SELECT count(*)::int AS n FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id JOIN offering o ON o.id = i.offering_id
        WHERE h.commissioner_id = $1 AND i.status = 'approved' AND o.fast_track`,
      [areaId],
    );
    return n;
  }

  mostUsedOfferings(areaId: string, limit: number): Promise<Array<{ name: string; n: string }>> {
    return this.query(
      `SELECT o.name, count(*) AS n FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id JOIN offering o ON o.id = i.offering_id
        WHERE h.commissioner_id = $1 AND i.status = 'approved' GROUP BY o.name ORDER BY count(*) DESC, o.name LIMIT $2`,
      [areaId, limit],
    );
  }

  /** Days from referral to each milestone, one figure per plan that reached it. */
  timeliness(areaId: string): Promise<{ to_plan: number[] | null; to_decision: number[] | null; to_payment: number[] | null }[]> {
    return this.query(
      `SELECT array_agg(extract(epoch FROM sp.submitted_at - sp.referral_at) / 86400) FILTER (WHERE sp.submitted_at IS NOT NULL) AS to_plan,
              array_agg(extract(epoch FROM sp.first_decision_at - sp.referral_at) / 86400) FILTER (WHERE sp.first_decision_at IS NOT NULL) AS to_decision,
              array_agg(extract(epoch FROM sp.first_payment_at - sp.referral_at) / 86400) FILTER (WHERE sp.first_payment_at IS NOT NULL) AS to_payment
         FROM support_plan sp JOIN holder h ON h.id = sp.holder_id WHERE h.commissioner_id = $1`,
      [areaId],
    );
  }

  /** Rounds of sign-off decided by their due date, decided after it, and waiting past it now. */
  async againstDeadlines(areaId: string, now: Date): Promise<{ on_time: number; late: number; overdue: number }> {
    const [row] = await this.query(
      `SELECT count(*) FILTER (WHERE i.decided_at IS NOT NULL AND i.decided_at <= i.due_at)::int AS on_time,
              count(*) FILTER (WHERE i.decided_at IS NOT NULL AND i.decided_at > i.due_at)::int AS late,
              count(*) FILTER (WHERE i.status = 'pending' AND i.due_at < $2)::int AS overdue
         FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND i.due_at IS NOT NULL`,
      [areaId, now],
    );
    return row;
  }

  /** After how many days the area's sign-off policy calls an approved item unpaid; null where the policy predates deadlines. */
  async unpaidAfterDays(areaId: string): Promise<number | null> {
    const [row]: Array<{ days: number | null }> = await this.query(
      `SELECT (rules -> 'deadlines' ->> 'unpaidAfterDays')::int AS days FROM sign_off_policy WHERE commissioner_id = $1`,
      [areaId],
    );
    return row?.days ?? null;
  }

  async approvedUnpaid(areaId: string, olderThan: Date): Promise<number> {
    const [{ n }] = await this.query(
      `SELECT count(*)::int AS n FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND i.status = 'approved' AND i.decided_at < $2
          AND NOT EXISTS (SELECT 1 FROM purchase_intent pi WHERE pi.plan_item_id = i.id AND pi.status = 'completed')`,
      [areaId, olderThan],
    );
    return n;
  }

  /**
   * Holders, approved and declined items, and spending in the given (category, from the directory) parts, by a
   * self-declared group (with consent) or language; for one-answer dimensions, everyone else as "not-declared".
   */
  async equity(
    areaId: string,
    dimension: EquityDimensionKey,
    parts: Array<{ key: string; inDirectory: boolean }>,
  ): Promise<GroupFigures[]> {
    const key = EQUITY_KEY[dimension];
    const everyone = ONE_PER_PERSON.includes(dimension);
    const rows: Array<{ key: string; holders: string; approved: string; declined: string; spent: string; spenders: string }> =
      await this.query(
        `WITH declared AS (SELECT h.id, ${key} AS key FROM holder h WHERE h.commissioner_id = $1),
            g AS (SELECT id, key FROM declared
                  ${everyone ? `UNION ALL SELECT h.id, '${NOT_DECLARED}' FROM holder h WHERE h.commissioner_id = $1 AND NOT EXISTS (SELECT 1 FROM declared d WHERE d.id = h.id)` : ''}),
            items AS (SELECT sp.holder_id, count(*) FILTER (WHERE i.status = 'approved') AS approved, count(*) FILTER (WHERE i.status = 'declined') AS declined
                        FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id WHERE h.commissioner_id = $1 GROUP BY sp.holder_id),
            spend AS (SELECT s.holder_id, sum(s.pence) AS pence FROM insight_holder_spend s
                        JOIN unnest($2::text[], $3::boolean[]) AS p(key, in_directory) ON p.key = s.key AND p.in_directory = s.in_directory
                       WHERE s.commissioner_id = $1 GROUP BY s.holder_id)
       SELECT g.key, count(*)::text AS holders, coalesce(sum(items.approved), 0)::text AS approved, coalesce(sum(items.declined), 0)::text AS declined,
              coalesce(sum(spend.pence), 0)::text AS spent, count(*) FILTER (WHERE spend.pence <> 0)::text AS spenders
         FROM g LEFT JOIN items ON items.holder_id = g.id LEFT JOIN spend ON spend.holder_id = g.id
        GROUP BY g.key ORDER BY g.key`,
        [areaId, parts.map((p) => p.key), parts.map((p) => p.inDirectory)],
      );
    return rows.map((r) => ({
      key: r.key,
      holders: Number(r.holders),
      approved: Number(r.approved),
      declined: Number(r.declined),
      spentPence: Number(r.spent),
      spenders: Number(r.spenders),
    }));
  }

  async holderCount(areaId: string): Promise<number> {
    const [{ n }] = await this.query('SELECT count(*)::int AS n FROM holder WHERE commissioner_id = $1', [areaId]);
    return n;
  }

  /** Decided rounds' days from request to decision; declines by the reason template chosen; appeals by how they ended. */
  async decisions(areaId: string): Promise<{
    days: number[];
    reasons: Map<string, number>;
    appeals: Map<string, number>;
  }> {
    const items = `FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id`;
    const [days]: Array<{ days: string[] | null }> = await this.query(
      `SELECT array_agg(extract(epoch FROM i.decided_at - i.requested_at) / 86400) AS days ${items} WHERE h.commissioner_id = $1 AND i.decided_at IS NOT NULL`,
      [areaId],
    );
    // A declined item counts once, under the reason chosen in the round that declined it ("written" when none was).
    const reasons = await this.counts(
      `SELECT coalesce(d.reason_code, 'written') AS key, count(DISTINCT i.id) AS n ${items}
         JOIN sign_off_decision d ON d.item_id = i.id AND d.round = i.round AND d.decision = 'decline'
        WHERE h.commissioner_id = $1 AND i.status = 'declined' GROUP BY 1`,
      [areaId],
    );
    const appeals = await this.counts(
      `SELECT i.status::text AS key, count(*) AS n ${items} WHERE h.commissioner_id = $1 AND i.appeal GROUP BY 1`,
      [areaId],
    );
    return { days: (days.days ?? []).map(Number), reasons, appeals };
  }

  /** Per category of the items serving each goal: the goal's baseline and its rating at the latest completed review. */
  outcomes(areaId: string): Promise<Array<{ key: string; baseline: number; rating: number }>> {
    return this.query(
      `WITH latest AS (SELECT DISTINCT ON (r.plan_id) r.plan_id, r.outcomes FROM plan_review r JOIN support_plan sp ON sp.id = r.plan_id JOIN holder h ON h.id = sp.holder_id
                        WHERE h.commissioner_id = $1 AND r.completed_at IS NOT NULL AND r.outcomes IS NOT NULL ORDER BY r.plan_id, r.completed_at DESC),
            rated AS (SELECT g.id AS goal_id, g.baseline, (o ->> 'rating')::int AS rating FROM latest l JOIN plan_goal g ON g.plan_id = l.plan_id,
                        jsonb_array_elements(CASE WHEN jsonb_typeof(l.outcomes) = 'array' THEN l.outcomes ELSE '[]'::jsonb END) o
                       WHERE o ->> 'goalId' = g.id::text AND g.baseline IS NOT NULL AND jsonb_typeof(o -> 'rating') = 'number')
       SELECT DISTINCT coalesce(off.category_code, i.category_code, 'uncategorised') AS key, r.goal_id, r.baseline, r.rating
         FROM rated r JOIN plan_item i ON r.goal_id = ANY(i.goal_ids) AND i.status = 'approved' LEFT JOIN offering off ON off.id = i.offering_id`,
      [areaId],
    );
  }

  async population(areaId: string, dimension: EquityDimensionKey): Promise<{ groups: Map<string, number>; uploadedAt: Date | null }> {
    const rows: Array<{ group_key: string; population: number; uploaded_at: Date }> = await this.query(
      'SELECT group_key, population, uploaded_at FROM area_population WHERE commissioner_id = $1 AND dimension = $2',
      [areaId, dimension],
    );
    return { groups: new Map(rows.map((r) => [r.group_key, r.population])), uploadedAt: rows[0]?.uploaded_at ?? null };
  }

  /** Replaces the area's population for a breakdown, in one transaction, and drops the uptake figures set beside the old one. */
  async replacePopulation(
    areaId: string,
    dimension: EquityDimensionKey,
    groups: Array<{ key: string; population: number }>,
    at: Date,
  ): Promise<void> {
    await this.tx.run(async (manager) => {
      await manager.query('DELETE FROM area_population WHERE commissioner_id = $1 AND dimension = $2', [areaId, dimension]);
      await manager.query(
        `INSERT INTO area_population (id, commissioner_id, dimension, group_key, population, uploaded_at)
         SELECT gen_random_uuid(), $1, $2, g.key, g.population, $5 FROM unnest($3::text[], $4::int[]) AS g(key, population)`,
        [areaId, dimension, groups.map((g) => g.key), groups.map((g) => g.population), at],
      );
      await this.forgetSnapshots(areaId, [`equity:${dimension}`]);
    });
  }

  /** One stored figure of the area, as JSON text (the caller decodes it). */
  async snapshot(areaId: string, figure: string): Promise<{ computedAt: Date; readModelsAt: Date | null; payload: string } | undefined> {
    const [row]: Array<{ computed_at: Date; read_models_at: Date | null; payload: string }> = await this.query(
      'SELECT computed_at, read_models_at, payload::text AS payload FROM insight_snapshot WHERE commissioner_id = $1 AND figure = $2',
      [areaId, figure],
    );
    return row && { computedAt: row.computed_at, readModelsAt: row.read_models_at, payload: row.payload };
  }

  /** Stores figures computed at one moment; a figure computed later than these is kept. */
  async storeSnapshots(
    areaId: string,
    computedAt: Date,
    readModelsAt: Date | null,
    figures: Array<{ figure: string; payload: string }>,
  ): Promise<void> {
    await this.query(
      `INSERT INTO insight_snapshot (commissioner_id, figure, computed_at, read_models_at, payload)
       SELECT $1, f.figure, $2, $3, f.payload::jsonb FROM unnest($4::text[], $5::text[]) AS f(figure, payload)
       ON CONFLICT (commissioner_id, figure) DO UPDATE SET computed_at = excluded.computed_at, read_models_at = excluded.read_models_at, payload = excluded.payload
        WHERE insight_snapshot.computed_at <= excluded.computed_at`,
      [areaId, computedAt, readModelsAt, figures.map((f) => f.figure), figures.map((f) => f.payload)],
    );
  }

  /** Drops the named figures of an area (they are worked out again when next read). */
  async forgetSnapshots(areaId: string, figures: string[]): Promise<void> {
    await this.query('DELETE FROM insight_snapshot WHERE commissioner_id = $1 AND figure = ANY($2::text[])', [areaId, figures]);
  }

  async areas(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.query(`SELECT id FROM organisation WHERE kind = 'commissioner' ORDER BY id`);
    return rows.map((r) => r.id);
  }

  /** Days from referral to first decision, by month of referral, for the last year. */
  decisionDaysByMonth(areaId: string): Promise<Array<{ month: string; days: number[] }>> {
    return this.query(
      `SELECT to_char(date_trunc('month', sp.referral_at), 'YYYY-MM') AS month, array_agg(extract(epoch FROM sp.first_decision_at - sp.referral_at) / 86400) AS days
         FROM support_plan sp JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND sp.first_decision_at IS NOT NULL AND sp.referral_at > now() - interval '12 months'
        GROUP BY 1 ORDER BY 1`,
      [areaId],
    );
  }

  /** Approved offerings by category and language: the supply side of the gap matrix. */
  supplyMatrix(areaId: string): Promise<Array<{ category: string; language: string; n: string }>> {
    return this.query(
      `SELECT o.category_code AS category, l AS language, count(*) AS n
         FROM offering o JOIN service s ON s.id = o.service_id JOIN provider_profile p ON p.organisation_id = o.organisation_id
         JOIN organisation g ON g.id = o.organisation_id, unnest(s.languages) l
        WHERE g.commissioner_id = $1 AND ${PUBLIC_OFFERING} GROUP BY 1, 2`,
      [areaId],
    );
  }
}
