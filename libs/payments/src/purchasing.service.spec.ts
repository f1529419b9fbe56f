import { AppConfig } from '@kinwell/config';
import { BudgetsService } from '@kinwell/budgets';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { DirectoryLookup } from '@kinwell/directory';
import { OrganisationKind, Principal, Role } from '@kinwell/identity';
import { FixedClock, Money } from '@kinwell/kernel';
import { Holder, ItemStatus, PlanItem, PlanLookup, PlanNotices, SupportPlan } from '@kinwell/plans';
import { strictMock } from '@kinwell/testing';
import { CardAuthorizationsService } from './card-authorizations.service';
import { CardIssuingService } from './card-issuing.service';
import { CardIssuer } from './issuers/card-issuer';
import { PurchaseRefusalKind } from './payments.errors';
import { IntentStatus, PurchaseIntent } from './payments.entities';
import { PaymentsRepository } from './payments.repository';
import { PurchasingService } from './purchasing.service';

const BROKER = 'broker-1';
const broker = new Principal('broker-staff', 'b@example.org', 'Broker', [
  { organisationId: BROKER, organisationKind: OrganisationKind.Broker, role: Role.BrokerStaff, livedExperience: false },
]);
const outsider = new Principal('other', 'o@example.org', 'Other', [
  { organisationId: 'broker-2', organisationKind: OrganisationKind.Broker, role: Role.BrokerStaff, livedExperience: false },
]);
const ITEM = '00000000-0000-4000-8000-000000000002';
const plan = { id: 'plan-1', holderId: 'holder-1', budgetId: 'budget-1' } as SupportPlan;
const holder = { id: 'holder-1', brokerOrganisationId: BROKER } as Holder;
const item = (status = ItemStatus.Approved) =>
  ({ id: ITEM, planId: plan.id, status, total: Money.ofPence(5_000), offeringId: null }) as PlanItem;

/**
 * Every refusal of buying an approved item, one row each: its kind, and that nothing was written.
 * The doubles have only reads; a purchase, a card request, a ledger movement or an audit entry on a
 * refusal would be an unexpected call and fail the test.
 */
describe('PurchasingService.buyWithCard refusals', () => {
  const build = (found: PlanItem, existing: PurchaseIntent | null, committed: Money) =>
    new PurchasingService(
      strictMock<TransactionHost>({ run: jest.fn((work: () => Promise<unknown>) => work()) }),
      strictMock<PaymentsRepository>({ liveIntentForItem: jest.fn().mockResolvedValue(existing) }),
      strictMock<PlanLookup>({
        lockItem: jest.fn().mockResolvedValue(found),
        findPlan: jest.fn().mockResolvedValue(plan),
        findHolder: jest.fn().mockResolvedValue(holder),
      }),
      strictMock<BudgetsService>({ committedFor: jest.fn().mockResolvedValue(committed) }),
      strictMock<DirectoryLookup>({}),
      strictMock<CardIssuer>({}),
      strictMock<CardIssuingService>({}),
      strictMock<CardAuthorizationsService>({}),
      strictMock<AuditLog>({}),
      new FixedClock(new Date('2026-12-01T10:00:00Z')),
      { payments: { tolerancePence: 0, cardValidDays: 30 } } as AppConfig,
      strictMock<PlanNotices>({}),
    );

  it.each<[string, PlanItem, PurchaseIntent | null, Money, PurchaseRefusalKind]>([
    ['an item not approved', item(ItemStatus.Pending), null, Money.ofPence(5_000), 'item_not_approved'],
    ['an item already bought', item(), { status: IntentStatus.Open } as PurchaseIntent, Money.ofPence(5_000), 'already_purchased'],
    ['an item with nothing committed any more', item(), null, Money.ZERO, 'nothing_committed'],
  ])('refuses %s, writing nothing', async (_label, found, existing, committed, kind) => {
    await expect(build(found, existing, committed).buyWithCard(broker, ITEM)).rejects.toMatchObject({ kind });
  });

  it('refuses staff of another broker, writing nothing', async () => {
    await expect(build(item(), null, Money.ofPence(5_000)).buyWithCard(outsider, ITEM)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
