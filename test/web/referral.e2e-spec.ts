import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, pageText, TestApp, WebClient } from '@kinwell/testing';

/** A referral by a GP, a care coordinator or a voluntary group, with the person's consent recorded, reaching the broker's worklist. */
describe('the referral form', () => {
  let t: TestApp;
  let area: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    [{ commissioner_id: area }] = await t.dataSource.query(
      `SELECT commissioner_id FROM organisation WHERE name = 'Hackney Wellbeing Brokerage (demo)'`,
    );
  });
  afterAll(() => t.close());

  const today = new Date();
  const answers = {
    name: 'Tomasz',
    whatWouldHelp: 'A gym membership, to sleep better',
    contactBy: 'phone',
    phone: '07700 900 123',
    language: 'pl',
    postcodeDistrict: 'E9 5LN',
    referrerName: 'Dr Okafor',
    referrerOrganisation: 'Well Street Surgery',
    referrerRole: 'gp',
    referrerEmail: 'okafor@surgery.example',
    personAgreed: 'yes',
    consentHow: 'spoken',
    'consentOn-day': String(today.getUTCDate()),
    'consentOn-month': String(today.getUTCMonth() + 1),
    'consentOn-year': String(today.getUTCFullYear()),
  };
  const requests = () => t.dataSource.query(`SELECT reference, name, postcode_district, referral, consented_at FROM budget_request`);

  it('names every problem at once and stores nothing, least of all without the person’s agreement', async () => {
    const referrer = new WebClient(t);
    const bad = await referrer.submit('/refer', {
      ...answers,
      area,
      personAgreed: '',
      phone: '12',
      referrerEmail: '',
      'consentOn-year': '2999',
    });
    expect(bad.status).toBe(400);
    const text = pageText(bad.text);
    expect(text).toContain('Refer someone only if they agree');
    expect(text).toContain('Enter a phone number');
    expect(text).toContain('Enter your email address or your phone number');
    expect(text).toContain('The date must be today or in the past');
    expect(await requests()).toHaveLength(0);
  });

  it('sends a referral the broker reads with who referred and how the person agreed', async () => {
    const referrer = new WebClient(t);
    const sent = await referrer.submit('/refer', { ...answers, area });
    expect(sent.status).toBe(303);
    const [request] = await requests();
    expect(sent.location).toBe(`/refer/done/${request.reference}`);
    expect(pageText((await referrer.get(sent.location!)).text)).toContain(request.reference);
    expect(request).toMatchObject({ name: 'Tomasz', postcode_district: 'E9' });
    expect(request.referral).toMatchObject({ referrerName: 'Dr Okafor', referrerRole: 'gp', consentHow: 'spoken', referrerUserId: null });

    const broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM budget_request`);
    const page = pageText((await broker.get(`/broker/requests/${id}`)).text);
    expect(page).toContain('Dr Okafor, Well Street Surgery (A GP or practice staff)');
    expect(page).toMatch(/They told me on \d{1,2} \w+ \d{4}/);
    const [audit] = await t.dataSource.query(`SELECT actor_label FROM audit_log WHERE action = 'intake.referred'`);
    expect(audit.actor_label).toBe('referrer: Well Street Surgery');
  });
});
