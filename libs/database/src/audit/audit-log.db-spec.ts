import { FixedClock } from '@kinwell/kernel';
import { createTestDataSource } from '@kinwell/testing';
import { DataSource } from 'typeorm';
import { TransactionHost } from '../transaction-host';
import { AuditLog, SYSTEM_ACTOR } from './audit-log.service';

describe('AuditLog (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let sut: AuditLog;
  let tx: TransactionHost;
  const clock = new FixedClock(new Date('2026-11-02T10:00:00Z'));

  beforeAll(async () => {
    ({ dataSource: ds, close } = await createTestDataSource());
    tx = new TransactionHost(ds);
    sut = new AuditLog(tx, clock);
  });
  afterAll(() => close());

  it('records who, what, when, why and the change', async () => {
    await tx.run(() =>
      sut.record({
        actor: { userId: null, label: 'jo@broker.test' },
        action: 'plan.item.declined',
        subject: { type: 'plan_item', id: 'item-1' },
        reason: 'No provider listed',
        change: { status: { from: 'submitted', to: 'declined' } },
      }),
    );
    const [entry] = await sut.forSubject('plan_item', 'item-1');
    expect(entry).toMatchObject({
      actorLabel: 'jo@broker.test',
      action: 'plan.item.declined',
      reason: 'No provider listed',
      change: { status: { from: 'submitted', to: 'declined' } },
    });
    expect(entry.occurredAt.toISOString()).toBe('2026-11-02T10:00:00.000Z');
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET reason = 'rewritten'`],
    ['DELETE', `DELETE FROM audit_log`],
    ['TRUNCATE', `TRUNCATE audit_log`],
  ])('refuses %s, so entries can never change or vanish', async (_op, sql) => {
    await expect(ds.query(sql)).rejects.toThrow(/append-only/);
    const [entry] = await sut.forSubject('plan_item', 'item-1');
    expect(entry.reason).toBe('No provider listed');
  });

  it('is written in the same transaction as the change, so a rollback removes both', async () => {
    await expect(
      tx.run(async () => {
        await sut.record({ actor: SYSTEM_ACTOR, action: 'budget.topped_up', subject: { type: 'budget', id: 'b-1' } });
        throw new Error('the money movement failed');
      }),
    ).rejects.toThrow('the money movement failed');
    expect(await sut.forSubject('budget', 'b-1')).toEqual([]);
  });
});
