import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';

export type Dimension = 'category' | 'language' | 'community' | 'delivery' | 'district';
export const DIMENSIONS: Dimension[] = ['category', 'language', 'community', 'delivery', 'district'];
export type EquityDimensionKey = 'community' | 'language' | 'age_band' | 'gender';

/** One group key per holder for an equity breakdown; self-declared groups only with consent. */
const EQUITY_KEY: Record<EquityDimensionKey, string> = {
  language: 'unnest(h.languages)',
  community: `unnest(CASE WHEN h.equity_reporting_consent THEN h.communities ELSE '{}'::text[] END)`,
  age_band: `unnest(CASE WHEN h.equity_reporting_consent AND h.age_band IS NOT NULL THEN ARRAY[h.age_band] ELSE '{}'::text[] END)`,
  gender: `unnest(CASE WHEN h.equity_reporting_consent AND h.gender IS NOT NULL THEN ARRAY[h.gender] ELSE '{}'::text[] END)`,
};

export interface KeyCount {
  key: string;
  n: number;
}

const PUBLIC_OFFERING = `o.withdrawn_at IS NULL AND o.phb_exclusion IS NULL AND o.available
  AND s.withdrawn_at IS NULL AND s.hidden_at IS NULL AND p.withdrawn_at IS NULL`;

// Whatever a stored search holds under the key (a list, a JSON null, a stray string), only a list is read:
// one odd row must never stop the area's figures.
const searchFilter = (field: string) =>
  `SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(d.filters -> '${field}') = 'array' THEN d.filters -> '${field}' ELSE '[]'::jsonb END)`;

/**
 * How each gap dimension is keyed: supply (offering o, service s), a search (search_demand d)
 * and a plan item (offering o and service s, both null for items outside the directory; holder h).
 */
const GAP_KEYS: Record<Dimension, { supply: string; supplyJoin?: string; search: string; item: string }> = {
  category: { supply: 'o.category_code', search: searchFilter('categories'), item: `coalesce(o.category_code, 'not-in-directory')` },
  language: { supply: 'unnest(s.languages)', search: searchFilter('languages'), item: EQUITY_KEY.language },
  // Communities are counted only where the holder consented to equity reporting.
  community: { supply: 'unnest(s.communities)', search: searchFilter('communities'), item: EQUITY_KEY.community },
  delivery: {
    supply: 'unnest(s.delivery_modes)',
    search: searchFilter('deliveryModes'),
    item: `unnest(coalesce(s.delivery_modes, '{}'::text[]))`,
  },
  // Supply in a district is what is offered at a place there; online and at-home services have none.
  district: {
    supply: 'unnest(sd.districts)',
    // Each service's districts once, joined by hash: far cheaper than a lookup per offering.
    supplyJoin: `JOIN (SELECT sl.service_id, array_agg(DISTINCT l.postcode_district) AS districts FROM service_at_location sl JOIN location l ON l.id = sl.location_id
                        JOIN organisation lo ON lo.id = l.organisation_id WHERE lo.commissioner_id = $1 AND l.withdrawn_at IS NULL GROUP BY sl.service_id) sd ON sd.service_id = s.id`,
    search: 'SELECT d.postcode_district',
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

  private async counts(sql: string, params: unknown[]): Promise<Map<string, number>> {
    const rows: Array<{ key: string; n: string }> = await this.tx.manager.query(sql, params);
    return new Map(rows.map((r) => [r.key, Number(r.n)]));
  }

  /** Postcode districts of the area's providers and holders, to place anonymous searches. */
  async districts(areaId: string): Promise<string[]> {
    const rows: Array<{ d: string }> = await this.tx.manager.query(
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

  async searches(districts: string[], dimension: Dimension): Promise<{ all: Map<string, number>; zero: Map<string, number> }> {
    const rows: Array<{ key: string; n: string; zero: string }> = await this.tx.manager.query(
      `SELECT x.k AS key, count(*) AS n, count(*) FILTER (WHERE d.zero_results) AS zero
         FROM search_demand d, LATERAL (${GAP_KEYS[dimension].search}) x(k)
        WHERE d.postcode_district = ANY($1::text[]) GROUP BY x.k`,
      [districts],
    );
    return { all: new Map(rows.map((r) => [r.key, Number(r.n)])), zero: new Map(rows.map((r) => [r.key, Number(r.zero)])) };
  }

  async planItems(areaId: string, dimension: Dimension): Promise<{ asked: Map<string, number>; declined: Map<string, number> }> {
    const rows: Array<{ key: string; asked: string; declined: string }> = await this.tx.manager.query(
      `SELECT key, count(*) FILTER (WHERE status <> 'declined') AS asked, count(*) FILTER (WHERE status = 'declined') AS declined FROM (
         SELECT ${GAP_KEYS[dimension].item} AS key, i.status FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
           LEFT JOIN offering o ON o.id = i.offering_id LEFT JOIN service s ON s.id = o.service_id
          WHERE h.commissioner_id = $1 AND i.status <> 'draft') x GROUP BY key`,
      [areaId],
    );
    return { asked: new Map(rows.map((r) => [r.key, Number(r.asked)])), declined: new Map(rows.map((r) => [r.key, Number(r.declined)])) };
  }

  /** The most frequent search terms that found nothing: anonymous evidence of a gap. */
  zeroResultTerms(districts: string[], limit: number): Promise<Array<{ terms: string; n: string }>> {
    return this.tx.manager.query(
      `SELECT terms, count(*) AS n FROM search_demand WHERE zero_results AND terms IS NOT NULL AND postcode_district = ANY($1::text[])
        GROUP BY terms ORDER BY count(*) DESC, terms LIMIT $2`,
      [districts, limit],
    );
  }

  /** Spend net of refunds, by category, and how many budgets contributed to each (read model). */
  spendByCategory(areaId: string): Promise<Array<{ key: string; pence: string; budgets: string }>> {
    return this.tx.manager.query(
      'SELECT key, pence::text, budgets::text FROM insight_spend_by_category WHERE commissioner_id = $1 ORDER BY pence DESC',
      [areaId],
    );
  }

  /** Allocated budget sizes (allocation plus top-ups), one figure per budget (read model). */
  async budgetSizes(areaId: string): Promise<number[]> {
    const rows: Array<{ pence: string }> = await this.tx.manager.query(
      'SELECT pence::text FROM insight_budget_size WHERE commissioner_id = $1',
      [areaId],
    );
    return rows.map((r) => Number(r.pence));
  }

  /** Approved items from offerings sold as fast-track (e.g. the Stay Connected phone and SIM). */
  async fastTrackUptake(areaId: string): Promise<number> {
    const [{ n }] = await this.tx.manager.query(
      `SELECT count(*)::int AS n FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id JOIN offering o ON o.id = i.offering_id
        WHERE h.commissioner_id = $1 AND i.status = 'approved' AND o.name ILIKE '%fast-track%'`,
      [areaId],
    );
    return n;
  }

  mostUsedOfferings(areaId: string, limit: number): Promise<Array<{ name: string; n: string }>> {
    return this.tx.manager.query(
      `SELECT o.name, count(*) AS n FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id JOIN offering o ON o.id = i.offering_id
        WHERE h.commissioner_id = $1 AND i.status = 'approved' GROUP BY o.name ORDER BY count(*) DESC, o.name LIMIT $2`,
      [areaId, limit],
    );
  }

  /** Days from referral to each milestone, one figure per plan that reached it. */
  timeliness(areaId: string): Promise<{ to_plan: number[] | null; to_decision: number[] | null; to_payment: number[] | null }[]> {
    return this.tx.manager.query(
      `SELECT array_agg(extract(epoch FROM sp.submitted_at - sp.referral_at) / 86400) FILTER (WHERE sp.submitted_at IS NOT NULL) AS to_plan,
              array_agg(extract(epoch FROM sp.first_decision_at - sp.referral_at) / 86400) FILTER (WHERE sp.first_decision_at IS NOT NULL) AS to_decision,
              array_agg(extract(epoch FROM sp.first_payment_at - sp.referral_at) / 86400) FILTER (WHERE sp.first_payment_at IS NOT NULL) AS to_payment
         FROM support_plan sp JOIN holder h ON h.id = sp.holder_id WHERE h.commissioner_id = $1`,
      [areaId],
    );
  }

  /** Rounds of sign-off decided by their due date, decided after it, and waiting past it now. */
  async againstDeadlines(areaId: string, now: Date): Promise<{ on_time: number; late: number; overdue: number }> {
    const [row] = await this.tx.manager.query(
      `SELECT count(*) FILTER (WHERE i.decided_at IS NOT NULL AND i.decided_at <= i.due_at)::int AS on_time,
              count(*) FILTER (WHERE i.decided_at IS NOT NULL AND i.decided_at > i.due_at)::int AS late,
              count(*) FILTER (WHERE i.status = 'pending' AND i.due_at < $2)::int AS overdue
         FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND i.due_at IS NOT NULL`,
      [areaId, now],
    );
    return row;
  }

  async approvedUnpaid(areaId: string, olderThan: Date): Promise<number> {
    const [{ n }] = await this.tx.manager.query(
      `SELECT count(*)::int AS n FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND i.status = 'approved' AND i.decided_at < $2
          AND NOT EXISTS (SELECT 1 FROM purchase_intent pi WHERE pi.plan_item_id = i.id AND pi.status = 'completed')`,
      [areaId, olderThan],
    );
    return n;
  }

  /** Holders, approved and declined items, and spend, by a self-declared group (with consent) or language. */
  equity(
    areaId: string,
    dimension: EquityDimensionKey,
  ): Promise<Array<{ key: string; holders: string; approved: string; declined: string; spent: string }>> {
    const key = EQUITY_KEY[dimension];
    return this.tx.manager.query(
      `WITH g AS (SELECT h.id, ${key} AS key FROM holder h WHERE h.commissioner_id = $1),
            items AS (SELECT sp.holder_id, count(*) FILTER (WHERE i.status = 'approved') AS approved, count(*) FILTER (WHERE i.status = 'declined') AS declined
                        FROM plan_item i JOIN support_plan sp ON sp.id = i.plan_id JOIN holder h ON h.id = sp.holder_id WHERE h.commissioner_id = $1 GROUP BY sp.holder_id)
       SELECT g.key, count(*)::text AS holders, coalesce(sum(items.approved), 0)::text AS approved, coalesce(sum(items.declined), 0)::text AS declined, coalesce(sum(s.pence), 0)::text AS spent
         FROM g LEFT JOIN items ON items.holder_id = g.id LEFT JOIN insight_holder_spend s ON s.holder_id = g.id
        GROUP BY g.key ORDER BY g.key`,
      [areaId],
    );
  }

  async population(areaId: string, dimension: EquityDimensionKey): Promise<Map<string, number>> {
    const rows: Array<{ group_key: string; population: number }> = await this.tx.manager.query(
      'SELECT group_key, population FROM area_population WHERE commissioner_id = $1 AND dimension = $2',
      [areaId, dimension],
    );
    return new Map(rows.map((r) => [r.group_key, r.population]));
  }

  async replacePopulation(
    areaId: string,
    dimension: EquityDimensionKey,
    groups: Array<{ key: string; population: number }>,
    at: Date,
  ): Promise<void> {
    await this.tx.manager.query('DELETE FROM area_population WHERE commissioner_id = $1 AND dimension = $2', [areaId, dimension]);
    for (const g of groups) {
      await this.tx.manager.query(
        'INSERT INTO area_population (id, commissioner_id, dimension, group_key, population, uploaded_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)',
        [areaId, dimension, g.key, g.population, at],
      );
    }
  }

  /** Days from referral to first decision, by month of referral, for the last year. */
  decisionDaysByMonth(areaId: string): Promise<Array<{ month: string; days: number[] }>> {
    return this.tx.manager.query(
      `SELECT to_char(date_trunc('month', sp.referral_at), 'YYYY-MM') AS month, array_agg(extract(epoch FROM sp.first_decision_at - sp.referral_at) / 86400) AS days
         FROM support_plan sp JOIN holder h ON h.id = sp.holder_id
        WHERE h.commissioner_id = $1 AND sp.first_decision_at IS NOT NULL AND sp.referral_at > now() - interval '12 months'
        GROUP BY 1 ORDER BY 1`,
      [areaId],
    );
  }

  /** Approved offerings by category and language: the supply side of the gap matrix. */
  supplyMatrix(areaId: string): Promise<Array<{ category: string; language: string; n: string }>> {
    return this.tx.manager.query(
      `SELECT o.category_code AS category, l AS language, count(*) AS n
         FROM offering o JOIN service s ON s.id = o.service_id JOIN provider_profile p ON p.organisation_id = o.organisation_id
         JOIN organisation g ON g.id = o.organisation_id, unnest(s.languages) l
        WHERE g.commissioner_id = $1 AND ${PUBLIC_OFFERING} GROUP BY 1, 2`,
      [areaId],
    );
  }
}
