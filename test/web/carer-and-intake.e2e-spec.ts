import { DEMO_PASSWORD, seedDemoData, URDU_HOLDER } from '@kinwell/demo';
import { SearchIndexer } from '@kinwell/search';
import { planOfHolder, createTestApp, hiddenFields, lastEmailTo, pageText, TestApp, WebClient } from '@kinwell/testing';

const count = async (t: TestApp, sql: string, params: unknown[] = []) => Number((await t.dataSource.query(sql, params))[0].n);

describe('a carer acting for the person they support, within their consent', () => {
  let t: TestApp;
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    planId = await planOfHolder(t.dataSource, URDU_HOLDER);
  });
  afterAll(() => t?.close());

  it('sees the people they support, works on their plan under a banner saying whose it is, and loses access the moment consent is withdrawn', async () => {
    const carer = new WebClient(t);
    await carer.signIn('carer@kinwell.demo', DEMO_PASSWORD);
    const my = pageText((await carer.get('/my')).text);
    expect(my).toContain('People you support');
    expect(my).toContain('Shirin');
    expect(my).toContain('Advocate, with their consent since');

    const plan = await carer.get(`/plans/${planId}`);
    expect(pageText(plan.text)).toContain("You are looking at Shirin's plan, acting for them with their consent.");
    const added = await carer.submit(`/plans/${planId}/goals/new`, { text: 'Go to the women’s group on Thursdays' });
    expect(added.status).toBe(303);
    // The same journey as the holder's: something from the directory for that goal, then agreeing for her.
    await t.app.get(SearchIndexer).rebuild();
    // From her plan's page, the directory search is for her plan: what she has left, and "Add to Shirin's plan".
    const planPage = (await carer.get(`/plans/${planId}`)).text;
    expect(planPage).toContain(`href="/find-support?for=${planId}"`);
    const found = await carer.get(`/find-support?for=${planId}&q=counselling&language=ur&withinBudget=yes`);
    expect(pageText(found.text)).toContain('Shirin has £1,200 left to spend.');
    const [, add] = /href="(\/plans\/[^"]+\/items\/new\?offering=[^"]+)">Add to Shirin's plan/.exec(found.text.replace(/&#39;/g, "'"))!;
    const [{ id: goalId }] = await t.dataSource.query(`SELECT id FROM plan_goal WHERE plan_id = $1`, [planId]);
    const item = await carer.submit(add, { goal: goalId, quantity: '3' }, `/plans/${planId}/items/new`);
    expect(item).toMatchObject({ status: 303, location: `/plans/${planId}` });
    const agreePage = pageText((await carer.get(`/plans/${planId}/agree`)).text);
    expect(agreePage).toContain('I agree to this plan for Shirin, with their consent');
    const agreed = await carer.submit(`/plans/${planId}/agree`, { agree: 'yes' });
    expect(agreed.status).toBe(303);
    expect((await t.dataSource.query(`SELECT status FROM support_plan WHERE id = $1`, [planId]))[0].status).toBe('submitted');
    // Only the holder may say who acts for them.
    expect((await carer.get(`/plans/${planId}/people`)).text).not.toContain('/withdraw"');

    const holder = new WebClient(t);
    await holder.signIn(URDU_HOLDER, DEMO_PASSWORD);
    const people = await holder.get(`/plans/${planId}/people`);
    const [, action] = /action="(\/plans\/[^"]+\/withdraw)"/.exec(people.text)!;
    const withdrawn = await holder.post(action, hiddenFields(people.text, action));
    expect(withdrawn).toMatchObject({ status: 303, location: `/plans/${planId}/people` });

    // The people who can help: her broker and care team, and how to reach them.
    const contacts = pageText((await holder.get(`/plans/${planId}/contacts`)).text);
    expect(contacts).toContain('Hackney Wellbeing Brokerage (demo)');
    expect(contacts).toContain('020 7946 0101');
    expect(contacts).toContain('hackney.north.cmht@nhs.example');

    expect((await carer.get(`/plans/${planId}`)).status).toBe(403);
    expect(pageText((await carer.get('/my')).text)).not.toContain('Shirin');
  });

  it('never shows a plan to someone who does not support the person', async () => {
    const other = new WebClient(t);
    await other.signIn('holder2@kinwell.demo', DEMO_PASSWORD);
    const res = await other.get(`/plans/${planId}`);
    expect(res.status).toBe(403);
    expect(pageText(res.text)).toContain('You cannot see this page');
    expect((await other.get('/plans/not-an-id')).status).toBe(404);
    expect((await new WebClient(t).get(`/plans/${planId}`)).location).toBe('/sign-in');
  });
});

describe('asking for a personal health budget, signed out', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
  });
  afterAll(() => t?.close());

  it('explains a personal health budget with the area’s own words where it wrote some, in the page’s language', async () => {
    const web = new WebClient(t);
    const [{ id: hackney }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'City and Hackney%'`,
    );
    const english = pageText((await web.get(`/personal-health-budgets?area=${hackney}`)).text);
    expect(english).toContain('money from the NHS to spend on what helps you stay well');
    expect(english).toContain('A clinician can sign off an item up to £250.');
    await web.get('/personal-health-budgets?lang=ur');
    const urdu = pageText((await web.get(`/personal-health-budgets?area=${hackney}`)).text);
    expect(urdu).toContain('ایک کلینیشن £250 تک کی چیز کی منظوری دے سکتا ہے۔');
  });

  it('takes one question a page, names each mistake, and gives a reference and a date once, however often it is sent', async () => {
    const web = new WebClient(t);
    const empty = await web.submit('/ask/help', { whatWouldHelp: '  ' });
    expect(empty.status).toBe(400);
    expect(pageText(empty.text)).toContain('Tell us what would help you');
    expect(
      (await web.submit('/ask/help', { whatWouldHelp: 'Someone to talk to in Urdu, and a reason to leave the house.' })).location,
    ).toBe('/ask/contact');

    const bad = await web.submit('/ask/contact', { name: 'Rukhsana', contactBy: 'phone', phone: 'call me' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Enter a phone number, like 07700 900 982');
    expect((await web.submit('/ask/contact', { name: 'Rukhsana', contactBy: 'phone', phone: '07700 900 982' })).location).toBe(
      '/ask/about',
    );
    const [{ id: hackney }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'City and Hackney%'`,
    );
    const about = await web.submit('/ask/about', { language: 'ur', postcodeDistrict: 'not a postcode' });
    expect(about.status).toBe(400);
    expect(pageText(about.text)).toContain('Choose the area you live in');
    expect((await web.submit('/ask/about', { language: 'ur', postcodeDistrict: 'e8 3ab', area: hackney })).location).toBe('/ask/check');

    const check = await web.get('/ask/check');
    const text = pageText(check.text);
    expect(text).toContain('Someone to talk to in Urdu');
    expect(text).toContain('07700 900 982');
    expect(text).toContain('Postcode E8 Change');
    const noConsent = await web.post('/ask/check', hiddenFields(check.text, '/ask/check'));
    expect(noConsent.status).toBe(400);
    expect(pageText(noConsent.text)).toContain('Tick the box to say we may keep and share your answers');
    expect(await count(t, `SELECT count(*) n FROM budget_request`)).toBe(0);

    const fields = { ...hiddenFields(check.text, '/ask/check'), consent: 'yes' };
    const [first, second] = await Promise.all([web.post('/ask/check', fields), web.post('/ask/check', fields)]);
    expect(first.location).toMatch(/^\/ask\/done\/PHB-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(second.location).toBe(first.location);
    const [row] = await t.dataSource.query(`SELECT reference, language, postcode_district, phone, email, status FROM budget_request`);
    expect(await count(t, `SELECT count(*) n FROM budget_request`)).toBe(1);
    expect(row).toMatchObject({ language: 'ur', postcode_district: 'E8', phone: '07700 900 982', email: null, status: 'new' });
    expect((await t.dataSource.query(`SELECT commissioner_id FROM budget_request`))[0].commissioner_id).toBe(hackney);
    expect(first.location).toBe(`/ask/done/${row.reference}`);
    const done = pageText((await web.get(first.location!)).text);
    expect(done).toContain(`Your reference number is ${row.reference}`);
    expect(done).toMatch(/A broker will contact you by \d{1,2} \w+ \d{4}/);
  });
  it('someone asking by email may make an account as they ask; the broker’s holder record then links that account', async () => {
    const web = new WebClient(t);
    await web.submit('/ask/help', { whatWouldHelp: 'A gym and a trainer, to feel strong again.' });
    await web.submit('/ask/contact', { name: 'Dami', contactBy: 'email', email: 'dami@example.test' });
    const [{ id: area }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'City and Hackney%'`,
    );
    await web.submit('/ask/about', { language: 'en', postcodeDistrict: 'E9', area });
    const weak = await web.submit('/ask/check', { consent: 'yes', account: 'yes', password: 'letmein' });
    expect(weak.status).toBe(400);
    expect(pageText(weak.text)).toContain('Use at least 12 characters');
    const sent = await web.submit('/ask/check', { consent: 'yes', account: 'yes', password: 'seven green hills away' });
    expect(sent.location).toMatch(/^\/ask\/done\//);
    const [request] = await t.dataSource.query(
      `SELECT r.id, u.email, u.email_verified_at FROM budget_request r JOIN app_user u ON u.id = r.user_id WHERE r.email = 'dami@example.test'`,
    );
    expect(request).toMatchObject({ email: 'dami@example.test', email_verified_at: null });
    expect((await lastEmailTo(t.dataSource, 'dami@example.test')).subject).toBe('Confirm your email address');

    const [broker] = await t.dataSource.query(
      `SELECT o.id FROM organisation o WHERE o.kind = 'broker' AND o.commissioner_id = $1 ORDER BY o.name LIMIT 1`,
      [area],
    );
    const [staff] = await t.dataSource.query(
      `SELECT u.email FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.organisation_id = $1 AND m.role = 'broker_staff' LIMIT 1`,
      [broker.id],
    );
    const made = await t.gql<{ createHolder: { id: string } }>(
      `mutation($i: HolderInput!) { createHolder(input: $i) { id } }`,
      {
        i: {
          brokerOrganisationId: broker.id,
          requestId: request.id,
          preferredName: 'Dami',
          languages: ['en'],
          communities: [],
          equityReportingConsent: false,
        },
      },
      await t.signIn(staff.email, DEMO_PASSWORD),
    );
    const [linked] = await t.dataSource.query(`SELECT u.email FROM holder h JOIN app_user u ON u.id = h.user_id WHERE h.id = $1`, [
      made.data!.createHolder.id,
    ]);
    expect(linked.email).toBe('dami@example.test');
  });
});
