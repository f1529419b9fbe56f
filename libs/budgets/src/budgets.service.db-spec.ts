import { AuditLog, SYSTEM_ACTOR, TransactionHost } from '@kinwell/database';
import { FixedClock, Money, newId } from '@kinwell/kernel';
import { createTestDataSource } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { Budget, BudgetKind } from './budgets.entities';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';
import { MovementKind } from './domain/ledger';

const gbp = (n: number) => Money.ofPence(n * 100);

describe('BudgetsService (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let sut: BudgetsService;
  const clock = new FixedClock(new Date('2026-11-22T10:00:00Z'));

  const open = (allocation = gbp(1000)) =>
    sut.open(SYSTEM_ACTOR, {
      holderId: newId(),
      commissionerId: newId(),
      heldByOrganisationId: newId(),
      kind: BudgetKind.ThirdParty,
      periodStart: '2026-12-01',
      periodEnd: '2027-11-30',
      allocation,
      allocationNote: 'Indicative amount from the assessment, agreed with the holder',
      allocationLines: [],
    });
  const commit = (budget: Budget, pounds: number, key: string, referenceId = newId()) =>
    sut.move({
      budgetId: budget.id,
      kind: MovementKind.Commitment,
      amount: gbp(pounds),
      idempotencyKey: key,
      reference: { type: 'plan_item', id: referenceId },
      actor: SYSTEM_ACTOR,
    });

  /** Balances must always equal the ledger: recompute from the raw lines and compare. */
  async function expectConsistent(budget: Budget) {
    const b = await sut.balances(budget.id);
    const [{ n, total }] = await ds.query(
      'SELECT count(*)::int AS n, coalesce(sum(amount_pence), 0)::int AS total FROM budget_ledger_entry WHERE budget_id = $1',
      [budget.id],
    );
    expect(total).toBe(0); // double entry: every movement's lines cancel out
    expect(n % 2).toBe(0);
    expect(b.available.add(b.committed).add(b.spent).equals(b.allocated)).toBe(true);
    return b;
  }

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    const tx = new TransactionHost(ds);
    sut = new BudgetsService(new BudgetsRepository(tx), tx, new AuditLog(tx, clock), clock);
  });
  afterAll(() => close());

  it('opens with its allocation and explains it', async () => {
    const budget = await open(gbp(750));
    expect(await expectConsistent(budget)).toEqual({ allocated: gbp(750), available: gbp(750), committed: Money.ZERO, spent: Money.ZERO });
    const [entry] = await ds.query(`SELECT reason FROM audit_log WHERE action = 'budget.opened' AND subject_id = $1`, [budget.id]);
    expect(entry.reason).toContain('assessment');
  });

  it('refuses allocation lines that do not add up, and creates nothing', async () => {
    const before = await ds.getRepository(Budget).count();
    await expect(
      sut.open(SYSTEM_ACTOR, {
        holderId: newId(),
        commissionerId: newId(),
        heldByOrganisationId: null,
        kind: BudgetKind.Notional,
        periodStart: '2026-12-01',
        periodEnd: '2027-11-30',
        allocation: gbp(500),
        allocationNote: 'x',
        allocationLines: [
          { label: 'Gym', pence: 30000 },
          { label: 'Laptop', pence: 10000 },
        ],
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'allocationLines', message: expect.stringContaining('£500.00') }],
    });
    expect(await ds.getRepository(Budget).count()).toBe(before);
  });

  it('commits, releases, spends and refunds per reference, never beyond what the reference holds', async () => {
    const budget = await open();
    const item = newId();
    await commit(budget, 300, 'c1', item);
    const tooMuch = await sut.move({
      budgetId: budget.id,
      kind: MovementKind.Spend,
      amount: gbp(301),
      idempotencyKey: 's0',
      reference: { type: 'plan_item', id: item },
      actor: SYSTEM_ACTOR,
    });
    expect(tooMuch).toMatchObject({ kind: 'insufficient_funds', available: gbp(300), requested: gbp(301) });
    await sut.move({
      budgetId: budget.id,
      kind: MovementKind.Spend,
      amount: gbp(250),
      idempotencyKey: 's1',
      reference: { type: 'plan_item', id: item },
      actor: SYSTEM_ACTOR,
    });
    await sut.move({
      budgetId: budget.id,
      kind: MovementKind.Release,
      amount: gbp(50),
      idempotencyKey: 'r1',
      reference: { type: 'plan_item', id: item },
      actor: SYSTEM_ACTOR,
    });
    // Another item's commitment cannot be released against this one.
    expect(
      await sut.move({
        budgetId: budget.id,
        kind: MovementKind.Release,
        amount: gbp(1),
        idempotencyKey: 'r2',
        reference: { type: 'plan_item', id: newId() },
        actor: SYSTEM_ACTOR,
      }),
    ).toMatchObject({ kind: 'insufficient_funds' });
    await sut.move({
      budgetId: budget.id,
      kind: MovementKind.Refund,
      amount: gbp(20),
      idempotencyKey: 'f1',
      reference: { type: 'plan_item', id: item },
      actor: SYSTEM_ACTOR,
    });
    expect(await expectConsistent(budget)).toEqual({ allocated: gbp(1000), available: gbp(770), committed: Money.ZERO, spent: gbp(230) });
  });

  it('replays an idempotency key without moving money again, and refuses a key reused for something else', async () => {
    const budget = await open();
    const item = newId();
    const first = await commit(budget, 100, 'same-key', item);
    const again = await commit(budget, 100, 'same-key', item);
    expect(again).toMatchObject({ id: (first as { id: string }).id });
    expect((await sut.balances(budget.id)).committed).toEqual(gbp(100));
    await expect(commit(budget, 200, 'same-key', item)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expectConsistent(budget);
  });

  it.each([0, -500, 100_000_001])('refuses %p pence and changes nothing', async (pence) => {
    const budget = await open();
    const before = await ds.query('SELECT count(*)::int AS n FROM budget_ledger_entry WHERE budget_id = $1', [budget.id]);
    await expect(
      sut.move({
        budgetId: budget.id,
        kind: MovementKind.Commitment,
        amount: Money.ofPence(pence),
        idempotencyKey: `bad-${pence}`,
        actor: SYSTEM_ACTOR,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'amount' }] });
    expect(await ds.query('SELECT count(*)::int AS n FROM budget_ledger_entry WHERE budget_id = $1', [budget.id])).toEqual(before);
  });

  it('cannot even express a fractional amount of pence', () => {
    expect(() => Money.ofPence(12.5)).toThrow(expect.objectContaining({ code: 'INVALID_MONEY' }));
  });

  it('never commits more than is available when commitments race', async () => {
    const budget = await open(gbp(300));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => commit(budget, 10, `race-${i}`)));
    const committed = results.filter((r) => 'id' in r).length;
    expect(committed).toBe(30);
    expect(results.filter((r) => 'kind' in r && r.kind === 'insufficient_funds')).toHaveLength(10);
    expect(await expectConsistent(budget)).toMatchObject({ available: Money.ZERO, committed: gbp(300) });
  });

  it('closes the period by reclaiming what is left, then refuses new commitments', async () => {
    const budget = await open(gbp(500));
    await commit(budget, 120, 'c');
    const balances = await sut.close(SYSTEM_ACTOR, budget.id);
    expect(balances).toEqual({ allocated: gbp(120), available: Money.ZERO, committed: gbp(120), spent: Money.ZERO });
    expect(await commit(budget, 1, 'after-close')).toMatchObject({ kind: 'budget_closed' });
    // Closing twice reclaims nothing more.
    expect(await sut.close(SYSTEM_ACTOR, budget.id)).toEqual(balances);
  });

  it('keeps movements and ledger lines append-only', async () => {
    const budget = await open();
    for (const sql of [
      'UPDATE budget_ledger_entry SET amount_pence = 0',
      'DELETE FROM budget_movement',
      'TRUNCATE budget_ledger_entry CASCADE',
    ]) {
      await expect(ds.query(sql)).rejects.toThrow(/append-only/);
    }
    await expectConsistent(budget);
  });
});
