import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { TransactionHost } from '@kinwell/database';
import { Notifications } from '@kinwell/notifications';
import { createTestApp, pageText, TestApp, WebClient } from '@kinwell/testing';

/** The message pages over HTTP: each person's own messages in their language, their choices, and who may see failures. */
describe('messages on the web', () => {
  let t: TestApp;
  let holder: WebClient;
  let broker: WebClient;
  let holderUser: { user_id: string; broker_organisation_id: string };

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    [holderUser] = await t.dataSource.query(
      `SELECT u.id AS user_id, h.broker_organisation_id FROM holder h JOIN app_user u ON u.id = h.user_id WHERE u.email = 'holder@kinwell.demo'`,
    );
    await t.app
      .get(TransactionHost)
      .run(() =>
        t.app
          .get(Notifications)
          .tell(
            [holderUser.user_id],
            { key: 'item.declined', params: { item: 'Laptop', reason: 'A college loan laptop is available' }, link: '/plans/x' },
            { brokerOrganisationId: holderUser.broker_organisation_id },
          ),
      );
    holder = new WebClient(t);
    broker = new WebClient(t);
    await holder.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it("shows a person their own messages, new ones marked once, in the page's language", async () => {
    let text = pageText((await holder.get('/notifications')).text);
    expect(text).toContain('New A decision on your plan');
    expect(text).toContain('"Laptop" was not approved. The reason given: A college loan laptop is available');
    text = pageText((await holder.get('/notifications')).text);
    expect(text).not.toContain('New A decision');
    const urdu = pageText((await holder.get('/notifications?lang=ur').then(() => holder.get('/notifications'))).text);
    expect(urdu).toContain('آپ کے منصوبے پر ایک فیصلہ');
    await holder.get('/notifications?lang=en');
    expect(pageText((await broker.get('/notifications')).text)).not.toContain('Laptop');
  });

  it('saves how a person is told and the language Kinwell writes to them in; texts are not offered where Notify is not set up', async () => {
    const page = await holder.get('/notifications/settings');
    expect(page.text).toMatch(/<input[^>]*value="email"[^>]*checked/);
    expect(page.text).not.toContain('value="sms"');
    expect(pageText(page.text)).toContain('Text messages are not available here yet.');
    const saved = await holder.submit('/notifications/settings', { language: 'ur' });
    expect(saved.status).toBe(303);
    const [row] = await t.dataSource.query(
      `SELECT p.email, p.sms, u.language FROM app_user u JOIN notification_preference p ON p.user_id = u.id WHERE u.id = $1`,
      [holderUser.user_id],
    );
    expect(row).toEqual({ email: false, sms: false, language: 'ur' });
    // A text message asked for anyway (a crafted form) is refused by name and changes nothing.
    const refused = await holder.submit('/notifications/settings', { channels: ['email', 'sms'], mobile: '07700900982', language: 'en' });
    expect(refused.status).toBe(400);
    expect(pageText(refused.text)).toContain('There is a problem');
    const [after] = await t.dataSource.query(`SELECT email, sms FROM notification_preference WHERE user_id = $1`, [holderUser.user_id]);
    expect(after).toEqual({ email: false, sms: false });
    await holder.submit('/notifications/settings', { channels: 'email', language: 'en' });
  });

  it('shows a broker the messages to their holders that could not be sent, and nobody else', async () => {
    await t.dataSource.query(
      `UPDATE notification_delivery SET status = 'failed', attempts = 6, last_error = '550 Mailbox unavailable', failed_at = now()
        WHERE notification_id IN (SELECT id FROM notification WHERE user_id = $1)`,
      [holderUser.user_id],
    );
    const page = pageText((await broker.get('/broker/undelivered')).text);
    expect(page).toContain('A decision on your plan');
    expect(page).toContain('550 Mailbox unavailable');
    expect((await holder.get('/broker/undelivered')).status).toBe(403);
    expect((await holder.get('/admin/jobs')).status).toBe(403);
    expect((await broker.get('/admin/jobs')).status).toBe(403);
    expect((await new WebClient(t).get('/notifications')).status).toBe(303);
  });
});
