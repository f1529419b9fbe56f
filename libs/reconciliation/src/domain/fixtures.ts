import { PlanForReconciliation, SpendLine } from './reconcile';

/** Shared fixtures for the scenario specs: a plan with two goals and three items. */
export const NOW = new Date('2027-03-01T12:00:00Z');
export const OPTIONS = { now: NOW, receiptDueDays: 15 };

export const PLAN: PlanForReconciliation = {
  periodStart: '2026-12-01',
  periodEnd: '2027-11-30',
  closedThrough: null,
  items: [
    {
      id: 'gym',
      approvedPence: 30_000,
      goalIds: ['fitness'],
      expectedCategories: ['sporting_goods_stores', 'athletic_fields_commercial_sports'],
    },
    { id: 'laptop', approvedPence: 35_000, goalIds: ['college'], expectedCategories: [] },
    { id: 'course', approvedPence: 10_000, goalIds: ['college', 'fitness', 'confidence'], expectedCategories: [] },
  ],
};

let n = 0;
export function spend(overrides: Partial<SpendLine>): SpendLine {
  n++;
  return {
    id: `spend-${n}`,
    eventId: `evt-${n}`,
    kind: 'capture',
    itemId: 'gym',
    amountPence: 1_000,
    currency: 'gbp',
    occurredAt: '2027-02-20T10:00:00Z',
    merchantName: 'Shoreditch Community Gym',
    merchantCategory: 'sporting_goods_stores',
    inDirectory: true,
    receiptAttached: true,
    ...overrides,
  };
}
