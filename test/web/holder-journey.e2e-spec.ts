import { DEMO_PASSWORD, seedDemoData, URDU_HOLDER } from '@kinwell/demo';
import { AuthService } from '@kinwell/identity';
import { DecisionKind, ItemStatus, SignOffService } from '@kinwell/plans';
import { SearchIndexer } from '@kinwell/search';
import { planOfHolder, createTestApp, hiddenFields, pageText, TestApp, WebClient } from '@kinwell/testing';

const count = async (t: TestApp, sql: string, params: unknown[] = []) => Number((await t.dataSource.query(sql, params))[0].n);

// The journey of the issue, as a phone with JavaScript off makes it: plain GETs and form POSTs, cookies kept.
describe('a holder on the web, in Urdu, without JavaScript', () => {
  let t: TestApp;
  let web: WebClient;
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    await t.app.get(SearchIndexer).rebuild();
    planId = await planOfHolder(t.dataSource, URDU_HOLDER);
    web = new WebClient(t);
  });
  afterAll(() => t?.close());

  it('signs in, and the pages open in Urdu, right to left, because her record says Urdu', async () => {
    const res = await web.signIn(URDU_HOLDER, DEMO_PASSWORD);
    expect(res.location).toBe('/my');
    expect(res.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^kinwell_lang=ur;/)]));
    const my = await web.get('/my');
    expect(my.text).toContain('<html lang="ur" dir="rtl">');
    expect(pageText(my.text)).toContain('آپ کا پلان');
  });

  it('writes a goal in her own words', async () => {
    const res = await web.submit(`/plans/${planId}/goals/new`, { text: 'میں دوبارہ لوگوں سے بات کرنا چاہتی ہوں' });
    expect(res).toMatchObject({ status: 303, location: `/plans/${planId}` });
    const plan = pageText((await web.get(`/plans/${planId}`)).text);
    expect(plan).toContain('میں دوبارہ لوگوں سے بات کرنا چاہتی ہوں');
    expect(plan).toContain('آپ کا مقصد شامل کر دیا گیا۔');
  });

  it('finds an Urdu-speaking counsellor within what is left, and adds it to her plan for that goal', async () => {
    const found = await web.get('/find-support?q=counselling&language=ur&withinBudget=yes');
    expect(found.status).toBe(200);
    const text = pageText(found.text);
    expect(text).toContain('£1,200'); // what is left, in words
    expect(text).toContain('Counselling session in Urdu');
    const add = /href="(\/plans\/[^"]+\/items\/new\?offering=[^"]+)"/.exec(found.text)![1];
    const [{ id: goalId }] = await t.dataSource.query(`SELECT id FROM plan_goal WHERE plan_id = $1`, [planId]);
    const res = await web.submit(add, { goal: goalId, quantity: '6' }, `/plans/${planId}/items/new`);
    expect(res).toMatchObject({ status: 303, location: `/plans/${planId}` });
    expect(await count(t, `SELECT count(*) n FROM plan_item WHERE plan_id = $1`, [planId])).toBe(1);
  });

  it('is told, beside the field and in Urdu, when something costs more than is left, and nothing is added', async () => {
    const found = await web.get('/find-support?q=counselling&language=ur');
    const add = /href="(\/plans\/[^"]+\/items\/new\?offering=[^"]+)"/.exec(found.text)![1];
    const [{ id: goalId }] = await t.dataSource.query(`SELECT id FROM plan_goal WHERE plan_id = $1`, [planId]);
    const res = await web.submit(add, { goal: goalId, quantity: '100' }, `/plans/${planId}/items/new`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('nhsuk-error-summary');
    expect(pageText(res.text)).toContain('اس کی قیمت باقی');
    expect(await count(t, `SELECT count(*) n FROM plan_item WHERE plan_id = $1`, [planId])).toBe(1);
  });

  it('asks in her own words for something outside the directory, saying what kind of thing it is if she likes', async () => {
    const [{ id: goalId }] = await t.dataSource.query(`SELECT id FROM plan_goal WHERE plan_id = $1`, [planId]);
    const form = await web.get(`/plans/${planId}/items/new`);
    expect(pageText(form.text)).toContain('یہ کس قسم کی چیز ہے؟ (اختیاری)');
    const own = { goal: goalId, quantity: '1', description: 'Taxi to the women’s group', price: '12' };
    const wrong = await web.submit(`/plans/${planId}/items/new`, { ...own, category: 'shoes' });
    expect(wrong.status).toBe(400);
    expect(pageText(wrong.text)).toContain('فہرست میں سے کوئی قسم چنیں');
    expect(await count(t, `SELECT count(*) n FROM plan_item WHERE plan_id = $1`, [planId])).toBe(1);
    const added = await web.submit(`/plans/${planId}/items/new`, { ...own, category: 'travel-and-transport' });
    expect(added).toMatchObject({ status: 303, location: `/plans/${planId}` });
    const [item] = await t.dataSource.query(`SELECT category_code FROM plan_item WHERE plan_id = $1 AND offering_id IS NULL`, [planId]);
    expect(item.category_code).toBe('travel-and-transport');
  });

  it('must tick the box to agree; then the plan goes for sign-off once, however often the button is pressed', async () => {
    const refused = await web.submit(`/plans/${planId}/agree`, {});
    expect(refused.status).toBe(400);
    expect(pageText(refused.text)).toContain('پلان سے اتفاق کرنے کے لیے خانے پر نشان لگائیں');
    const page = await web.get(`/plans/${planId}/agree`);
    const fields = { ...hiddenFields(page.text, `/plans/${planId}/agree`), agree: 'yes' };
    const [first, second] = await Promise.all([web.post(`/plans/${planId}/agree`, fields), web.post(`/plans/${planId}/agree`, fields)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(await count(t, `SELECT count(*) n FROM audit_log WHERE action = 'plan.submitted' AND subject_id = $1`, [planId])).toBe(1);
    expect((await t.dataSource.query(`SELECT status FROM support_plan WHERE id = $1`, [planId]))[0].status).toBe('submitted');
  });

  it('reads a decline reason in plain words, and appeals it', async () => {
    const [{ id: itemId }] = await t.dataSource.query(`SELECT id FROM plan_item WHERE plan_id = $1 AND offering_id IS NOT NULL`, [planId]);
    const token = await t.signIn('coordinator@kinwell.demo', DEMO_PASSWORD);
    const coordinator = await t.app.get(AuthService).authenticate(token);
    const reason = 'Six sessions is more than the first review allows; ask for three and we can add more after.';
    await t.app.get(SignOffService).decide(coordinator, itemId, DecisionKind.Decline, reason);

    const item = pageText((await web.get(`/plans/${planId}/items/${itemId}`)).text);
    expect(item).toContain(reason);
    expect(item).toContain('اس فیصلے کے خلاف اپیل کریں');

    const tooShort = await web.submit(`/plans/${planId}/items/${itemId}/appeal`, { reason: 'please' });
    expect(tooShort.status).toBe(400);
    const res = await web.submit(`/plans/${planId}/items/${itemId}/appeal`, {
      reason: 'My counsellor says six sessions is the least that works for me; I can show the letter.',
    });
    expect(res).toMatchObject({ status: 303, location: `/plans/${planId}/items/${itemId}` });
    expect((await t.dataSource.query(`SELECT status FROM plan_item WHERE id = $1`, [itemId]))[0].status).toBe(ItemStatus.Pending);
  });

  it('is told plainly that a plan not yet running cannot have a rapid review, and who to tell instead', async () => {
    const page = pageText((await web.get(`/plans/${planId}/rapid-review`)).text);
    expect(page).toContain('آپ کا پلان ابھی شروع نہیں ہوا');
    const res = await web.post(`/plans/${planId}/rapid-review`, {
      ...hiddenFields((await web.get(`/plans/${planId}`)).text, '/sign-out'),
      reason: 'I have been in hospital and need more support at home.',
    });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain('اپنے بروکر کو بتائیں کہ کیا بدلا ہے');
    expect(await count(t, `SELECT count(*) n FROM plan_review WHERE plan_id = $1 AND kind = 'rapid'`, [planId])).toBe(0);
  });

  it('says about herself only what she chooses, counted only with her consent, and nobody acting for her can say it', async () => {
    const holder = async () =>
      (
        await t.dataSource.query(
          `SELECT h.id, h.age_band, h.gender, h.ethnicity, h.equity_reporting_consent AS consent, h.communities FROM holder h
             JOIN app_user u ON u.id = h.user_id WHERE u.email = $1`,
          [URDU_HOLDER],
        )
      )[0];
    const page = pageText((await web.get(`/plans/${planId}`)).text);
    expect(page).toContain('آپ کے بارے میں (اختیاری)');
    // No answer to the consent question, and an ethnic group the census does not have: both named, nothing changes.
    const before = await holder();
    const wrong = await web.submit(`/plans/${planId}/about-you`, { ethnicity: 'martian', gender: 'woman' });
    expect(wrong.status).toBe(400);
    const said = pageText(wrong.text);
    expect(said).toContain('بتائیں کہ کیا آپ کا علاقہ آپ کے جواب گن سکتا ہے');
    expect(said).toContain('فہرست میں سے نسلی گروہ چنیں');
    expect(await holder()).toEqual(before);

    const saved = await web.submit(`/plans/${planId}/about-you`, {
      consent: 'yes',
      ageBand: '36-45',
      gender: '',
      ethnicity: 'asian-pakistani',
    });
    expect(saved).toMatchObject({ status: 303, location: `/plans/${planId}` });
    expect(await holder()).toMatchObject({ age_band: '36-45', gender: null, ethnicity: 'asian-pakistani', consent: true });
    // The page shows her answers back; the audit says what changed, never the answers.
    const again = await web.get(`/plans/${planId}/about-you`);
    expect(again.text).toMatch(/<option value="asian-pakistani" selected>/);
    const [audit] = await t.dataSource.query(`SELECT change FROM audit_log WHERE action = 'holder.about_me_declared' AND subject_id = $1`, [
      before.id,
    ]);
    expect(audit.change).toEqual({ consent: { from: before.consent, to: true }, changed: ['ageBand', 'ethnicity'] });
    expect(JSON.stringify(audit)).not.toContain('pakistani');

    // Her advocate may act on her plan, but not say who she is.
    const carer = new WebClient(t);
    await carer.signIn('carer@kinwell.demo', DEMO_PASSWORD);
    expect((await carer.get(`/plans/${planId}/about-you`)).status).toBe(403);
    expect(pageText((await carer.get(`/plans/${planId}`)).text)).not.toContain('/about-you');
    const token = /name="_csrf" value="([^"]+)"/.exec((await carer.get(`/plans/${planId}`)).text)![1];
    const refused = await carer.post(`/plans/${planId}/about-you`, { _csrf: token, consent: 'yes', ethnicity: 'white-irish' });
    expect(refused.status).toBe(403);
    expect((await holder()).ethnicity).toBe('asian-pakistani');

    // Saying no keeps nothing: what she said before is cleared, communities too.
    const withdrawn = await web.submit(`/plans/${planId}/about-you`, { consent: 'no', ageBand: '36-45', ethnicity: 'asian-pakistani' });
    expect(withdrawn.status).toBe(303);
    expect(await holder()).toMatchObject({ age_band: null, gender: null, ethnicity: null, consent: false, communities: [] });
  });
});
