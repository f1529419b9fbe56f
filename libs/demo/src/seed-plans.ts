import { INestApplicationContext } from '@nestjs/common';
import { BudgetKind } from '@kinwell/budgets';
import { IdentityRepository, Principal, Role } from '@kinwell/identity';
import { Money } from '@kinwell/kernel';
import {
  CITY_AND_HACKNEY,
  IntakeRepository,
  DecisionKind,
  MERSEYSIDE,
  PlansRepository,
  PlanDraftingService,
  HoldersService,
  RepresentativeRelationship,
  SignOffService,
} from '@kinwell/plans';
import { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS } from './demo-area';

/** The demo holder whose record gives Urdu, so the pages open in Urdu for her. */
export const URDU_HOLDER = 'holder3@kinwell.demo';

/**
 * Sign-off policies for both demo areas, a holder record per demo holder, and one worked plan,
 * through the application's own services (ledger, sign-off, audit, outbox), as a broker would.
 */
export async function seedDemoPlans(
  app: INestApplicationContext,
  organisationIds: Map<string, string>,
  userIds: Map<string, string>,
): Promise<string> {
  const drafting = app.get(PlanDraftingService, { strict: false });
  const holderRecords = app.get(HoldersService, { strict: false });
  const signOff = app.get(SignOffService, { strict: false });
  const repository = app.get(PlansRepository, { strict: false });
  const identity = app.get(IdentityRepository, { strict: false });
  const dataSource = app.get(DataSource);
  const as = async (email: string) => new Principal(userIds.get(email)!, email, email, await identity.membershipsOf(userIds.get(email)!));

  await repository.upsertPolicy({ commissionerId: organisationIds.get('icb')!, name: 'City & Hackney', rules: CITY_AND_HACKNEY });
  await repository.upsertPolicy({ commissionerId: organisationIds.get('icb-merseyside')!, name: 'Merseyside', rules: MERSEYSIDE });

  // What City and Hackney tells people on its public pages, in its own words (from its published sign-off rules).
  const intake = app.get(IntakeRepository, { strict: false });
  const area = organisationIds.get('icb')!;
  for (const [topic, language, body] of [
    [
      'decisions',
      'en',
      'A clinician can sign off an item up to £250. A team lead signs with them from £250 to £750. Above £750, a person with lived experience, the PHB lead clinician and the commissioner decide together, online, usually within two weeks.',
    ],
    [
      'decisions',
      'ur',
      'ایک کلینیشن £250 تک کی چیز کی منظوری دے سکتا ہے۔ £250 سے £750 تک ٹیم لیڈ بھی ان کے ساتھ دستخط کرتا ہے۔ £750 سے زیادہ پر ذاتی تجربہ رکھنے والا ایک شخص، PHB لیڈ کلینیشن اور کمشنر مل کر آن لائن فیصلہ کرتے ہیں، عام طور پر دو ہفتوں کے اندر۔',
    ],
  ] as const)
    await intake.upsertAreaInformation({ commissionerId: area, topic, language, body, updatedAt: new Date() });

  const brokers = { 'broker-a': await as('broker@kinwell.demo'), 'broker-b': await as('broker2@kinwell.demo') };
  const holders = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS.filter((a) => a.memberships.some((m) => m.role === Role.Holder))) {
    const brokerKey = account.memberships[0].organisation as 'broker-a' | 'broker-b';
    const holder = await holderRecords.createHolder(brokers[brokerKey], {
      preferredName: account.displayName,
      pronouns: null,
      languages: account.email === URDU_HOLDER ? ['ur', 'en'] : ['en'],
      communities: [],
      ageBand: null,
      gender: null,
      ethnicity: null,
      equityReportingConsent: false,
      postcodeDistrict: 'E8',
      brokerOrganisationId: organisationIds.get(brokerKey)!,
      clinicalTeamId: organisationIds.get('cmht')!,
    });
    // Demo data: each demo holder's account linked as if they had accepted the broker's invitation.
    await app.get(DataSource).query(`UPDATE holder SET user_id = $1 WHERE id = $2`, [userIds.get(account.email)!, holder.id]);
    holders.set(account.email, holder.id);
  }

  // Someone the broker has registered who has no account yet: the demo's "invite a holder" starts here.
  await holderRecords.createHolder(brokers['broker-a'], {
    preferredName: 'Kofi',
    pronouns: null,
    languages: ['en'],
    communities: [],
    ageBand: null,
    gender: null,
    ethnicity: null,
    equityReportingConsent: false,
    postcodeDistrict: 'E5',
    brokerOrganisationId: organisationIds.get('broker-a')!,
    clinicalTeamId: organisationIds.get('cmht')!,
  });

  // Amara's plan: a year's budget, goals in her words, and items at each sign-off tier.
  const broker = brokers['broker-a'];
  const holderId = holders.get('holder@kinwell.demo')!;
  const budget = await holderRecords.openBudget(broker, holderId, {
    kind: BudgetKind.ThirdParty,
    periodStart: new Date().toISOString().slice(0, 10),
    periodEnd: new Date(Date.now() + 364 * 86_400_000).toISOString().slice(0, 10),
    allocation: Money.ofPence(200_000),
    allocationNote: 'Indicative amount from the assessment with Amara: £1,500 for activities and £500 for equipment.',
    allocationLines: [
      { label: 'Activities', pence: 150_000 },
      { label: 'Equipment', pence: 50_000 },
    ],
  });
  const plan = await drafting.createPlan(broker, holderId, budget.id, new Date(Date.now() - 21 * 86_400_000));
  const goal = async (text: string, baseline: number) => {
    const created = await drafting.addGoal(broker, plan.id, text, baseline);
    return 'id' in created ? created.id : '';
  };
  const fit = await goal('Get fit again so I can play football with my kids', 3);
  const college = await goal('Finish my college course and feel part of things', 4);
  const [gym] = await dataSource.query(`SELECT id FROM offering WHERE name = 'Gym membership (3 months)' LIMIT 1`);
  const [course] = await dataSource.query(`SELECT id FROM offering WHERE name = 'African clothes-making course (10 weeks)' LIMIT 1`);
  const items = [];
  for (const input of [
    { offeringId: gym?.id, quantity: 1, goalIds: [fit] },
    {
      description: 'Laptop for my college course',
      supplier: 'Stay Connected Tech Hub',
      unitPricePence: 35_000,
      categoryCode: 'technical-and-computer-equipment',
      quantity: 1,
      goalIds: [college],
    },
    { offeringId: course?.id, quantity: 1, goalIds: [college, fit] },
    {
      description: 'Sewing machine and a year of materials',
      supplier: 'Dalston African Clothes-Making Studio',
      unitPricePence: 80_000,
      categoryCode: 'arts-and-crafts',
      quantity: 1,
      goalIds: [college],
    },
  ]) {
    const item = await drafting.addItem(broker, plan.id, input);
    if ('id' in item) items.push(item);
  }
  await drafting.setContingency(
    broker,
    plan.id,
    'If Amara becomes unwell, her sister Grace will pause the gym membership and let Jo at the brokerage know.',
  );
  await drafting.agree(await as('holder@kinwell.demo'), plan.id);
  await drafting.submit(broker, plan.id);
  // The gym is approved by a clinician; the rest wait in approvers' inboxes.
  await signOff.decide(await as('coordinator@kinwell.demo'), items[0].id, DecisionKind.Approve, null);

  // Shirin's plan is just begun: a budget and nothing else yet, for trying the holder's pages (in Urdu, her
  // language) from the start. Bea, her advocate, may act for her.
  const shirin = holders.get(URDU_HOLDER)!;
  const shirinBudget = await holderRecords.openBudget(broker, shirin, {
    kind: BudgetKind.ThirdParty,
    periodStart: new Date().toISOString().slice(0, 10),
    periodEnd: new Date(Date.now() + 364 * 86_400_000).toISOString().slice(0, 10),
    allocation: Money.ofPence(120_000),
    allocationNote: 'Indicative amount from the assessment with Shirin: talking therapy and getting out of the house.',
    allocationLines: [
      { label: 'Talking therapy', pence: 90_000 },
      { label: 'Activities', pence: 30_000 },
    ],
  });
  await drafting.createPlan(broker, shirin, shirinBudget.id, new Date(Date.now() - 7 * 86_400_000));
  await holderRecords.addRepresentative(
    await as(URDU_HOLDER),
    shirin,
    userIds.get('carer@kinwell.demo')!,
    RepresentativeRelationship.Advocate,
  );
  return `${holders.size} holders, 2 sign-off policies, 1 plan in sign-off, 1 plan just begun`;
}
