import { AuthService, OrganisationKind, Principal, Role } from '@kinwell/identity';
import { JOB_SCHEMA } from '@kinwell/jobs';
import { Money } from '@kinwell/kernel';
import { Notifications } from '@kinwell/notifications';
import { AreaDigest } from '@kinwell/insights';
import { BudgetKind } from '@kinwell/budgets';
import {
  CITY_AND_HACKNEY,
  DecisionKind,
  HoldersService,
  IntakeService,
  PlanDraftingService,
  PlanNotices,
  SignOffPolicy,
  SignOffService,
} from '@kinwell/plans';
import { createTestApp, FIXTURE_PERIOD, makeOrganisation, makeUser, TestApp } from '@kinwell/testing';

/**
 * Who is told what, end to end through the real services: each decision, request and overdue step reaches
 * the right people, in each one's own language, in-app at once and as delivery jobs for the worker.
 */
describe('notifications reach the right people in their language', () => {
  let t: TestApp;
  const people: Record<string, { id: string; principal: Principal }> = {};
  let notifications: Notifications;
  let icbId: string;
  let planId: string;
  let itemId: string;

  const told = async (who: string) =>
    (await notifications.list(people[who].id, who === 'holder' ? 'ur' : 'en')).map((n) => ({ key: n.key, title: n.title, body: n.body }));
  const keysOf = async (who: string) => (await told(who)).map((n) => n.key);

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    notifications = t.app.get(Notifications);
    const icb = await makeOrganisation(ds, { kind: OrganisationKind.Commissioner });
    icbId = icb.id;
    const broker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: icb.id });
    const otherArea = await makeOrganisation(ds, { kind: OrganisationKind.Commissioner });
    const otherBroker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: otherArea.id });
    const team = await makeOrganisation(ds, { kind: OrganisationKind.ClinicalTeam, commissionerId: icb.id });
    await ds.getRepository(SignOffPolicy).insert({ commissionerId: icb.id, name: 'City & Hackney', rules: CITY_AND_HACKNEY });
    const auth = t.app.get(AuthService);
    const roles: Array<[string, string, Role]> = [
      ['broker', broker.id, Role.BrokerStaff],
      ['otherAreaBroker', otherBroker.id, Role.BrokerStaff],
      ['clinicianA', team.id, Role.CareCoordinator],
      ['clinicianB', team.id, Role.CareCoordinator],
      ['teamLead', team.id, Role.TeamLead],
      ['phbLead', icb.id, Role.PhbLead],
      ['commissioner', icb.id, Role.Commissioner],
      ['holder', broker.id, Role.Holder],
      ['carer', broker.id, Role.CarerAdvocate],
      ['exCarer', broker.id, Role.CarerAdvocate],
    ];
    for (const [who, organisationId, role] of roles) {
      const user = await makeUser(ds, { memberships: [{ organisationId, role }] });
      people[who] = { id: user.id, principal: await auth.authenticate(await t.signIn(user.email)) };
    }
    await ds.query(`UPDATE app_user SET language = 'ur' WHERE id = $1`, [people.holder.id]);

    const holders = t.app.get(HoldersService);
    const drafting = t.app.get(PlanDraftingService);
    const holder = await holders.createHolder(people.broker.principal, {
      preferredName: 'Samina',
      pronouns: null,
      languages: ['ur'],
      communities: [],
      ageBand: null,
      gender: null,
      ethnicity: null,
      equityReportingConsent: false,
      postcodeDistrict: null,
      brokerOrganisationId: broker.id,
      clinicalTeamId: team.id,
    });
    await ds.query(`UPDATE holder SET user_id = $1 WHERE id = $2`, [people.holder.id, holder.id]);
    // A carer with the holder's consent, and one whose consent the holder took back.
    await ds.query(
      `INSERT INTO holder_representative (holder_id, user_id, relationship, consent_given_at, consent_revoked_at)
       VALUES ($1, $2, 'carer', now(), NULL), ($1, $3, 'carer', now() - interval '1 year', now() - interval '1 month')`,
      [holder.id, people.carer.id, people.exCarer.id],
    );
    const budget = await holders.openBudget(people.broker.principal, holder.id, {
      kind: BudgetKind.ThirdParty,
      periodStart: FIXTURE_PERIOD.start,
      periodEnd: FIXTURE_PERIOD.end,
      allocation: Money.ofPence(100_000),
      allocationNote: 'From the assessment',
      allocationLines: [],
    });
    const plan = await drafting.createPlan(people.broker.principal, holder.id, budget.id, null);
    planId = plan.id;
    const goal = await drafting.addGoal(people.broker.principal, plan.id, 'Get back to my sewing group', null);
    const item = await drafting.addItem(people.broker.principal, plan.id, {
      description: 'Sewing machine',
      unitPricePence: 12_000,
      quantity: 1,
      goalIds: ['id' in goal ? goal.id : ''],
    });
    itemId = 'id' in item ? item.id : '';
    await drafting.agree(people.holder.principal, plan.id);
  });
  afterAll(() => t.close());

  it('tells the clinicians whose approval counts that an item waits, with its due date, and nobody else', async () => {
    await t.app.get(PlanDraftingService).submit(people.broker.principal, planId);
    for (const who of ['clinicianA', 'clinicianB']) {
      const [n] = await told(who);
      expect(n.key).toBe('approval.waiting');
      expect(n.body).toMatch(/^"Sewing machine" \(£120\.00\) is waiting for your decision\. Please decide by \d{1,2} \w+ \d{4}\.$/);
    }
    // A team lead does not decide £120 under this policy; the broker asked for it and may not approve it.
    for (const who of ['teamLead', 'broker', 'holder', 'phbLead']) expect(await keysOf(who)).toEqual([]);
    const [{ due_at }] = await t.dataSource.query(`SELECT due_at FROM plan_item WHERE id = $1`, [itemId]);
    expect(due_at).not.toBeNull();
    // Each clinician with an email address has a delivery queued as a job for the worker.
    const [{ jobs }] = await t.dataSource.query(
      `SELECT count(*)::int AS jobs FROM ${JOB_SCHEMA}.job j JOIN notification_delivery d ON d.id::text = j.data->>'deliveryId'
         JOIN notification n ON n.id = d.notification_id WHERE n.user_id = ANY($1::uuid[])`,
      [[people.clinicianA.id, people.clinicianB.id]],
    );
    expect(jobs).toBe(2);
  });

  it('tells the holder in Urdu and the consenting carer in English that it was declined, with the reason; not the carer whose consent ended', async () => {
    await t.app
      .get(SignOffService)
      .decide(people.clinicianA.principal, itemId, DecisionKind.Decline, 'A loan machine is free from the library');
    const [holderNotice] = await told('holder');
    expect(holderNotice).toEqual({
      key: 'item.declined',
      title: 'آپ کے منصوبے پر ایک فیصلہ',
      body: '"Sewing machine" منظور نہیں ہوا۔ بتائی گئی وجہ: A loan machine is free from the library\n\nآپ اپیل کر سکتے ہیں: اپنے بروکر سے کہیں، یا اپنا منصوبہ کھولیں۔',
    });
    expect((await told('carer'))[0]).toMatchObject({ key: 'item.declined', title: 'A decision on your plan' });
    expect(await keysOf('exCarer')).toEqual([]);
  });

  it('puts an appeal to someone other than the decliner, sooner, and tells the holder how it ended', async () => {
    const signOff = t.app.get(SignOffService);
    await signOff.appeal(people.holder.principal, itemId, 'The library machine cannot do the stitches my course needs');
    const [{ appeal, due_at, requested_at }] = await t.dataSource.query(
      `SELECT appeal, due_at, requested_at FROM plan_item WHERE id = $1`,
      [itemId],
    );
    expect(appeal).toBe(true);
    expect(due_at.getTime()).toBeGreaterThan(requested_at.getTime());
    expect(await keysOf('clinicianB')).toEqual(['approval.waiting', 'approval.waiting']);
    // The clinician who declined is not asked again.
    expect(await keysOf('clinicianA')).toEqual(['approval.waiting']);
  });

  it('reminds the approvers once when the appeal is overdue, then escalates it to the PHB lead and commissioner once, audited', async () => {
    const sweep = () => t.app.get(PlanNotices).sweepOverdue();
    await t.dataSource.query(`UPDATE plan_item SET due_at = now() - interval '1 day' WHERE id = $1`, [itemId]);
    expect(await sweep()).toEqual({ reminded: 1, escalated: 0 });
    expect((await told('clinicianB'))[0]).toMatchObject({ key: 'approval.overdue', title: 'A decision is overdue' });
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0 });
    await t.dataSource.query(`UPDATE plan_item SET due_at = now() - interval '14 days' WHERE id = $1`, [itemId]);
    expect(await sweep()).toEqual({ reminded: 0, escalated: 1 });
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0 });
    for (const who of ['phbLead', 'commissioner']) expect(await keysOf(who)).toEqual(['approval.escalated']);
    expect(await keysOf('teamLead')).toEqual([]);
    const [audit] = await t.dataSource.query(
      `SELECT action, reason FROM audit_log WHERE subject_id = $1 AND action = 'plan.item_overdue_escalated'`,
      [itemId],
    );
    expect(audit.reason).toMatch(/^\d+ working days past its due date$/);

    await t.app.get(SignOffService).decide(people.clinicianB.principal, itemId, DecisionKind.Approve, null);
    const [last] = await told('holder');
    expect(last.key).toBe('appeal.approved');
    expect(last.body).toBe('اپیل پر "Sewing machine" (£120.00) منظور ہو گیا ہے۔');
  });

  it('tells the brokers of the area, and only that area, about a new request for a budget', async () => {
    await t.app.get(IntakeService).ask({
      commissionerId: icbId,
      whatWouldHelp: 'Swimming lessons to help with my anxiety',
      name: 'Tomasz',
      contactBy: 'phone',
      email: null,
      phone: '07700900461',
      language: 'en',
      postcodeDistrict: null,
      consent: true,
      userId: null,
    });
    const [notice] = await told('broker');
    expect(notice.key).toBe('request.new');
    expect(notice.body).toMatch(/^Request [\w-]+ has come in\. Reply by \d{1,2} \w+ \d{4}\.$/);
    // Nothing about the person travels in the notice: the broker opens the request to read it.
    expect(notice.body).not.toContain('Tomasz');
    expect(await keysOf('otherAreaBroker')).toEqual([]);
  });

  it('tells the broker once of an approved item left unpaid, the holder once of a review coming up, and commissioners the week in figures', async () => {
    const notices = t.app.get(PlanNotices);
    await t.dataSource.query(`UPDATE plan_item SET decided_at = now() - interval '11 days' WHERE id = $1`, [itemId]);
    await t.dataSource.query(`INSERT INTO plan_review (plan_id, kind, due_on) VALUES ($1, 'midpoint', (now() + interval '7 days')::date)`, [
      planId,
    ]);
    // The holder and the consenting carer for the review; the broker for the unpaid item.
    expect(await notices.sweepDaily()).toEqual({ reviews: 2, unpaid: 1 });
    expect(await notices.sweepDaily()).toEqual({ reviews: 0, unpaid: 0 });
    expect(await keysOf('broker')).toContain('item.unpaid');
    expect((await told('broker')).find((n) => n.key === 'item.unpaid')!.body).toBe(
      '"Sewing machine" (£120.00) was approved 11 days ago and has not been bought or paid.',
    );
    expect((await keysOf('holder'))[0]).toBe('review.due');

    expect(await t.app.get(AreaDigest).send()).toBeGreaterThanOrEqual(1);
    const [digest] = await told('commissioner');
    expect(digest.key).toBe('digest.weekly');
    // Small counts are shown as "<8", as in every figure a commissioner reads (the one decision is dated 11 days ago above).
    expect(digest.body).toBe(
      'In the last 7 days: <8 new requests, 0 items decided, 0 waiting for a decision (0 overdue), 0 paid. Open the insights for the detail.',
    );
  });
});
