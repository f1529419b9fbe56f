/**
 * npm run bench:reconcile — reconciles 100,000 spend events across 5,000 holders' plans:
 * the pure matching engine alone, then end to end through PostgreSQL (read spend, match,
 * write goal matches and exceptions) with a few plans in parallel. Prints figures.
 * BENCH_HOLDERS (5000), BENCH_SPENDS (100000), BENCH_PARALLEL (4).
 */
import 'reflect-metadata';
import { PaymentsRepository, PurchasingService } from '@kinwell/payments';
import { cpus } from 'node:os';
import { BudgetsRepository, BudgetsService } from '@kinwell/budgets';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { SystemClock } from '@kinwell/kernel';
import { PlanAccess, PlanLookup, PlansRepository } from '@kinwell/plans';
import {
  LocalDiskFileStorage,
  PlanForReconciliation,
  reconcile,
  ReconciliationRepository,
  ReconciliationService,
  SpendLine,
} from '@kinwell/reconciliation';
import { benchDatabase, log, runBenchmark } from './lib/bench-database';
import { JobEngine } from '@kinwell/jobs';
import { NoSms, Notifications } from '@kinwell/notifications';

const env = process.env;
const HOLDERS = Number(env.BENCH_HOLDERS ?? 5_000);
const SPENDS = Number(env.BENCH_SPENDS ?? 100_000);
const PARALLEL = Number(env.BENCH_PARALLEL ?? 4);
const PER_PLAN = Math.round(SPENDS / HOLDERS);

function pureEngine(): number {
  const plans: Array<{ plan: PlanForReconciliation; spends: SpendLine[] }> = [];
  for (let h = 0; h < HOLDERS; h++) {
    const items = Array.from({ length: 4 }, (_, i) => ({
      id: `p${h}-i${i}`,
      approvedPence: 50_000,
      goalIds: i % 2 ? [`g${h}-a`, `g${h}-b`] : [`g${h}-a`],
      expectedCategories: [],
    }));
    const spends = Array.from({ length: PER_PLAN }, (_, s): SpendLine => ({
      id: `p${h}-s${s}`,
      eventId: `e${h}-${s}`,
      kind: s % 10 === 9 ? 'refund' : 'capture',
      itemId: items[s % 4].id,
      amountPence: 100 + ((h * 31 + s * 17) % 5_000),
      currency: 'GBP',
      occurredAt: `2027-0${1 + (s % 9)}-1${s % 10}T10:00:00Z`,
      merchantName: 'Merchant',
      merchantCategory: 'sporting_goods_stores',
      inDirectory: s % 7 !== 0,
      receiptAttached: s % 5 !== 0,
    }));
    plans.push({ plan: { periodStart: '2027-01-01', periodEnd: '2027-12-31', closedThrough: null, items }, spends });
  }
  const started = performance.now();
  let matches = 0;
  for (const { plan, spends } of plans)
    matches += reconcile(plan, spends, [], { now: new Date('2027-10-01T00:00:00Z'), receiptDueDays: 15 }).matches.length;
  const ms = performance.now() - started;
  log(
    `pure engine: ${(HOLDERS * PER_PLAN).toLocaleString('en-GB')} spends, ${HOLDERS.toLocaleString('en-GB')} plans, ${matches.toLocaleString('en-GB')} goal matches in ${(ms / 1000).toFixed(2)} s (${Math.round((HOLDERS * PER_PLAN) / (ms / 1000)).toLocaleString('en-GB')} spends/s)`,
  );
  return ms;
}

async function main(): Promise<void> {
  log(
    `Kinwell reconciliation benchmark: ${SPENDS.toLocaleString('en-GB')} spend events across ${HOLDERS.toLocaleString('en-GB')} holders, Node ${process.version}, ${cpus().length} cores`,
  );
  pureEngine();

  const { server, dataSource: ds } = await benchDatabase('kinwell_bench_reconcile', PARALLEL + 2);
  let t0 = performance.now();
  await ds.query(`
    INSERT INTO budget (id, holder_id, commissioner_id, kind, period_start, period_end, allocation_note, allocation_lines)
      SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, gen_random_uuid(), gen_random_uuid(), 'third_party', '2026-01-01', '2027-12-31', 'bench', '[]'
        FROM generate_series(1, ${HOLDERS}) g;
    INSERT INTO support_plan (id, holder_id, budget_id, status, author_user_id, referral_at)
      SELECT ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'active', gen_random_uuid(), now()
        FROM generate_series(1, ${HOLDERS}) g;
    INSERT INTO plan_item (id, plan_id, description, quantity, unit_price_pence, total_pence, goal_ids, status, round, escalation, requested_by, requested_at, excluded_deciders)
      SELECT ('20000000-0000-4000-' || lpad(i::text, 4, '0') || '-' || lpad(g::text, 12, '0'))::uuid, ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
             'item', 1, 50000, 50000, ARRAY[gen_random_uuid()], 'approved', 1, 0, gen_random_uuid(), now(), '{}'
        FROM generate_series(1, ${HOLDERS}) g, generate_series(1, 4) i;
    INSERT INTO budget_movement (budget_id, kind, amount_pence, idempotency_key, reference_type, reference_id, actor_label, occurred_at)
      SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, CASE WHEN s % 10 = 0 THEN 'refund' ELSE 'spend' END::budget_movement_kind,
             100 + (g * 31 + s * 17) % 5000, 'bench:' || s, 'plan_item',
             ('20000000-0000-4000-' || lpad((1 + s % 4)::text, 4, '0') || '-' || lpad(g::text, 12, '0'))::uuid, 'bench', now() - (s || ' days')::interval
        FROM generate_series(1, ${HOLDERS}) g, generate_series(1, ${PER_PLAN}) s;
    ANALYZE;`);
  log(`seeded ${(HOLDERS * PER_PLAN).toLocaleString('en-GB')} spend movements in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const tx = new TransactionHost(ds);
  const clock = new SystemClock();
  const audit = new AuditLog(tx, clock);
  const budgets = new BudgetsService(new BudgetsRepository(tx), tx, audit, clock);
  // reconcilePlan reads plans through the repository; the access rule is not on this path.
  // Only purchasing's unposted-card-money lookup is on this path, with its real query.
  const payments = new PaymentsRepository(tx);
  const purchasing = { unpostedCardMoney: (planId: string) => payments.unpostedForPlan(planId) } as unknown as PurchasingService;
  // Exceptions raised on the way tell the broker: in-app rows and delivery jobs, as in the service.
  const jobs = new JobEngine(tx, ds, { runner: false });
  await jobs.onModuleInit();
  const sut = new ReconciliationService(
    tx,
    new ReconciliationRepository(tx),
    null as unknown as PlanAccess,
    new PlanLookup(new PlansRepository(tx)),
    budgets,
    purchasing,
    new LocalDiskFileStorage('.data/bench-files'),
    audit,
    clock,
    new Notifications(tx, jobs, new NoSms(), clock),
  );
  const planIds: string[] = (await ds.query('SELECT id FROM support_plan ORDER BY id')).map((r: { id: string }) => r.id);
  t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < planIds.length) await sut.reconcilePlan(planIds[next++]);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const [{ matches }] = await ds.query('SELECT count(*)::int AS matches FROM spend_goal_match');
  const [{ exceptions }] = await ds.query('SELECT count(*)::int AS exceptions FROM spend_exception');
  log(
    `through PostgreSQL (${PARALLEL} plans at a time): ${planIds.length.toLocaleString('en-GB')} plans, ${(HOLDERS * PER_PLAN).toLocaleString('en-GB')} spends -> ${matches.toLocaleString('en-GB')} goal matches, ${exceptions.toLocaleString('en-GB')} exceptions in ${seconds.toFixed(1)} s (${Math.round((HOLDERS * PER_PLAN) / seconds).toLocaleString('en-GB')} spends/s)`,
  );
  log('Aim: at most 15 s for 100,000 spend events across 5,000 holders.');
  await jobs.onApplicationShutdown();
  await ds.destroy();
  await server.stop();
}

runBenchmark(main);
