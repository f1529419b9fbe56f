import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Principal, Role } from '@kinwell/identity';
import { Clock, RECEIPT_DUE_DAYS } from '@kinwell/kernel';

/** One line of the broker's "what needs doing": how many, and how long the oldest has waited. */
export interface Worklist {
  key: 'requests' | 'drafts' | 'waiting' | 'unpaid' | 'receipts' | 'exceptions' | 'reviews' | 'rapid';
  count: number;
  oldest: Date | null;
}

export interface CaseloadRow {
  holderId: string;
  preferredName: string;
  hasAccount: boolean;
  planId: string | null;
  planStatus: string | null;
  waitingItems: number;
  unpaidItems: number;
  lastActivity: Date;
}

export type CaseloadSort = 'name' | 'activity' | 'waiting' | 'unpaid';
export const CASELOAD_SORTS: readonly CaseloadSort[] = ['name', 'activity', 'waiting', 'unpaid'];
export const PLAN_FILTERS = ['none', 'draft', 'submitted', 'approved', 'partly_approved', 'active', 'under_review', 'closed'] as const;
export type PlanFilter = (typeof PLAN_FILTERS)[number];

const ORDER: Record<CaseloadSort, string> = {
  name: 'preferred_name ASC, holder_id',
  activity: 'last_activity DESC, holder_id',
  waiting: 'waiting_items DESC, unpaid_items DESC, preferred_name ASC, holder_id',
  unpaid: 'unpaid_items DESC, waiting_items DESC, preferred_name ASC, holder_id',
};

/**
 * The broker's caseload and worklists: a read model over holders and plans, and the purchases and spending
 * exceptions that hang off them (read only, like the commissioner's insights). Each is one statement, whatever
 * the caseload's size, so 2,000 holders cost what 20 do in round trips.
 */
@Injectable()
export class CaseloadQueries {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async worklists(principal: Principal): Promise<Worklist[]> {
    const brokers = principal.organisationsWith(Role.BrokerStaff);
    if (!brokers.length) return [];
    const [row]: Array<Record<string, string | Date | null>> = await this.tx.manager.query(
      `WITH mine AS (SELECT id FROM holder WHERE broker_organisation_id = ANY($1)),
            plans AS (SELECT p.* FROM support_plan p JOIN mine ON mine.id = p.holder_id),
            items AS (SELECT i.* FROM plan_item i JOIN plans ON plans.id = i.plan_id),
            unpaid AS (
              SELECT i.decided_at FROM items i
               WHERE i.status = 'approved' AND NOT EXISTS (
                 SELECT 1 FROM purchase_intent pi WHERE pi.plan_item_id = i.id AND pi.status <> 'cancelled'
                   AND (pi.status <> 'open' OR pi.captured_pence > 0))),
            receipts AS (
              SELECT m.occurred_at FROM budget_movement m
                JOIN plans ON plans.budget_id = m.budget_id
                LEFT JOIN purchase_intent pi ON pi.plan_item_id = m.reference_id AND pi.status = 'completed'
               WHERE m.kind = 'spend' AND coalesce(pi.method::text, 'card') <> 'invoice'
                 AND m.occurred_at <= $3::timestamptz - make_interval(days => $2)
                 AND NOT EXISTS (SELECT 1 FROM receipt r WHERE r.spend_ref = m.id::text)
                 AND coalesce((SELECT sum(rs.amount_pence) FROM reported_spend rs WHERE rs.item_id = m.reference_id), 0) < m.amount_pence)
       SELECT
         (SELECT count(*) FROM budget_request r JOIN organisation b ON b.commissioner_id = r.commissioner_id
           WHERE b.id = ANY($1) AND r.status = 'new') AS requests_count,
         (SELECT min(r.created_at) FROM budget_request r JOIN organisation b ON b.commissioner_id = r.commissioner_id
           WHERE b.id = ANY($1) AND r.status = 'new') AS requests_oldest,
         (SELECT count(*) FROM plans WHERE status = 'draft') AS drafts_count,
         (SELECT min(created_at) FROM plans WHERE status = 'draft') AS drafts_oldest,
         (SELECT count(*) FROM items WHERE status = 'pending') AS waiting_count,
         (SELECT min(requested_at) FROM items WHERE status = 'pending') AS waiting_oldest,
         (SELECT count(*) FROM unpaid) AS unpaid_count,
         (SELECT min(decided_at) FROM unpaid) AS unpaid_oldest,
         (SELECT count(*) FROM receipts) AS receipts_count,
         (SELECT min(occurred_at) FROM receipts) AS receipts_oldest,
         (SELECT count(*) FROM spend_exception e JOIN plans ON plans.id = e.plan_id WHERE e.status = 'open') AS exceptions_count,
         (SELECT min(e.created_at) FROM spend_exception e JOIN plans ON plans.id = e.plan_id WHERE e.status = 'open') AS exceptions_oldest,
         (SELECT count(*) FROM plan_review v JOIN plans ON plans.id = v.plan_id
           WHERE v.completed_at IS NULL AND v.kind <> 'rapid' AND v.due_on <= current_date + 14) AS reviews_count,
         (SELECT min(v.due_on)::timestamptz FROM plan_review v JOIN plans ON plans.id = v.plan_id
           WHERE v.completed_at IS NULL AND v.kind <> 'rapid' AND v.due_on <= current_date + 14) AS reviews_oldest,
         (SELECT count(*) FROM plan_review v JOIN plans ON plans.id = v.plan_id WHERE v.completed_at IS NULL AND v.kind = 'rapid') AS rapid_count,
         (SELECT min(v.due_on)::timestamptz FROM plan_review v JOIN plans ON plans.id = v.plan_id
           WHERE v.completed_at IS NULL AND v.kind = 'rapid') AS rapid_oldest`,
      [brokers, RECEIPT_DUE_DAYS, this.clock.now()],
    );
    return (['requests', 'drafts', 'waiting', 'unpaid', 'receipts', 'exceptions', 'reviews', 'rapid'] as const).map((key) => ({
      key,
      count: Number(row[`${key}_count`]),
      oldest: (row[`${key}_oldest`] as Date | null) ?? null,
    }));
  }

  /**
   * A caseload, each holder with their newest plan, filtered, sorted and a page at a time: the broker's
   * (the holders their organisation supports) or a clinician's (the holders of their clinical team).
   */
  async caseload(
    principal: Principal,
    options: { plan?: PlanFilter; sort: CaseloadSort; page: number; perPage: number; name?: string; of?: 'broker' | 'team' },
  ): Promise<{ rows: CaseloadRow[]; total: number }> {
    const team = options.of === 'team';
    const organisations = team
      ? principal.organisationsWith(Role.CareCoordinator, Role.TeamLead)
      : principal.organisationsWith(Role.BrokerStaff);
    if (!organisations.length) return { rows: [], total: 0 };
    const rows: Array<CaseloadRow & { total: string }> = await this.tx.manager.query(
      `WITH caseload AS (
         SELECT h.id AS holder_id, h.preferred_name, h.user_id IS NOT NULL AS has_account,
                p.id AS plan_id, p.status::text AS plan_status,
                coalesce(c.waiting, 0) AS waiting_items, coalesce(c.unpaid, 0) AS unpaid_items,
                greatest(h.created_at, p.created_at, c.latest) AS last_activity
           FROM holder h
           LEFT JOIN LATERAL (SELECT sp.id, sp.status, sp.created_at FROM support_plan sp WHERE sp.holder_id = h.id
                               ORDER BY sp.created_at DESC LIMIT 1) p ON true
           LEFT JOIN LATERAL (
             SELECT count(*) FILTER (WHERE i.status = 'pending') AS waiting,
                    count(*) FILTER (WHERE i.status = 'approved' AND NOT EXISTS (
                      SELECT 1 FROM purchase_intent pi WHERE pi.plan_item_id = i.id AND pi.status <> 'cancelled'
                        AND (pi.status <> 'open' OR pi.captured_pence > 0))) AS unpaid,
                    max(greatest(i.requested_at, i.decided_at)) AS latest
               FROM plan_item i WHERE i.plan_id = p.id) c ON true
          WHERE ${team ? 'h.clinical_team_id' : 'h.broker_organisation_id'} = ANY($1)
            AND ($2::text IS NULL OR ($2 = 'none' AND p.id IS NULL) OR p.status::text = $2)
            AND ($3::text IS NULL OR h.preferred_name ILIKE '%' || $3 || '%'))
       SELECT holder_id AS "holderId", preferred_name AS "preferredName", has_account AS "hasAccount", plan_id AS "planId",
              plan_status AS "planStatus", waiting_items::int AS "waitingItems", unpaid_items::int AS "unpaidItems",
              last_activity AS "lastActivity", count(*) OVER () AS total
         FROM caseload ORDER BY ${ORDER[options.sort]} LIMIT $4 OFFSET $5`,
      [
        organisations,
        options.plan ?? null,
        options.name?.replace(/[%_\\]/g, '\\$&') || null,
        options.perPage,
        (options.page - 1) * options.perPage,
      ],
    );
    return { rows: rows.map(({ total: _total, ...r }) => r), total: Number(rows[0]?.total ?? 0) };
  }
}
