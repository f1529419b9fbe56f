import { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { AccountsService, Role } from '@kinwell/identity';
import { IntakeService } from '@kinwell/plans';
import { TransactionHost } from '@kinwell/database';
import { Notifications } from '@kinwell/notifications';
import { checkVisits, createTestApp, lastEmailTo, launchBrowser, makeUser, PageVisit, signedInContext, TestApp } from '@kinwell/testing';

const ok = (results: Array<{ name: string; violations: unknown[]; overflowPx: number }>) =>
  results.filter((r) => r.violations.length || r.overflowPx);

// The account pages, each template and state once, in a real Chromium at 320 px, in English and in Urdu.
jest.setTimeout(180_000);

describe('the account pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let brokerToken: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
    await seedDemoData(t.app);
    base = await t.url();
    brokerToken = await t.signIn('broker@kinwell.demo', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const go = (path: string) => async (page: Page) => page.goto(`${base}${path}`);
  const send =
    (path: string, fill: Record<string, string> = {}) =>
    async (page: Page) => {
      await page.goto(`${base}${path}`);
      for (const [selector, value] of Object.entries(fill)) await page.fill(selector, value);
      await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
    };
  const invite = async (email: string, language = 'en') => {
    const [{ id }] = await t.dataSource.query(`SELECT id FROM organisation WHERE name = 'Hackney Wellbeing Brokerage (demo)'`);
    await t.gql(
      `mutation($o: ID!, $e: String!, $l: String!) { inviteStaff(input: { organisationId: $o, email: $e, displayName: "New colleague", role: BrokerStaff, language: $l }) { __typename } }`,
      { o: id, e: email, l: language },
      brokerToken,
    );
    return (await lastEmailTo(t.dataSource, email)).path!;
  };
  const failedDeliveryAndJob = async () => {
    const [holder] = await t.dataSource.query(
      `SELECT u.id AS user_id, h.broker_organisation_id FROM holder h JOIN app_user u ON u.id = h.user_id WHERE u.email = 'holder@kinwell.demo'`,
    );
    await t.app.get(TransactionHost).run(() =>
      t.app.get(Notifications).tell(
        [holder.user_id],
        { key: 'payment.made', params: { item: 'Swimming', amount: '£40.00' } },
        {
          brokerOrganisationId: holder.broker_organisation_id,
        },
      ),
    );
    await t.dataSource.query(
      `UPDATE notification_delivery SET status = 'failed', attempts = 6, last_error = '550 Mailbox unavailable', failed_at = now()
        WHERE notification_id IN (SELECT id FROM notification WHERE user_id = $1)`,
      [holder.user_id],
    );
    await t.dataSource.query(
      `INSERT INTO pgboss.job (name, data, output) VALUES ('notification-delivery-dead', '{"deliveryId": "x"}', '{"message": "connect ECONNREFUSED"}')`,
    );
  };
  const resetLink = async (email: string) => {
    await t.app.get(AccountsService).requestPasswordReset(email);
    return (await lastEmailTo(t.dataSource, email)).path!;
  };

  it.each(['en', 'ur'])('the signed-out account pages (%s)', async (language) => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await context.addCookies([{ name: 'kinwell_lang', value: language, url: base }]);
    const page = await context.newPage();
    const invitation = await invite(`new.${language}@example.test`, language);
    const visits: PageVisit[] = [
      { name: 'sign in (with its other ways)', open: go('/sign-in') },
      { name: 'sign in by email link', open: go('/sign-in/email') },
      { name: 'sign-in link sent', open: send('/sign-in/email', { '#email': 'someone@example.test' }) },
      { name: 'sign in by email link, with a mistake', open: send('/sign-in/email', { '#email': 'not an email' }) },
      { name: 'forgotten password', open: go('/account/forgotten-password') },
      { name: 'reset link sent', open: send('/account/forgotten-password', { '#email': 'someone@example.test' }) },
      { name: 'choose a new password', open: go(await resetLink('holder6@kinwell.demo')) },
      {
        name: 'choose a new password, with a mistake',
        open: send(await resetLink('holder6@kinwell.demo'), { '#password': 'password1234', '#confirm': 'password1234' }),
      },
      { name: 'register', open: go('/register') },
      { name: 'register, with mistakes', open: send('/register', { '#password': 'short' }) },
      { name: 'invitation: make an account', open: go(invitation) },
      { name: 'invitation, with mistakes', open: send(invitation, { '#displayName': '' }) },
      { name: 'invitation: already has an account', open: go(await invite('holder7@kinwell.demo', language)) },
      { name: 'a link that does not work', open: go(`/account/invitation/${'A'.repeat(43)}`) },
      { name: 'sign in with this link', open: go(`/sign-in/link/${'B'.repeat(43)}`) },
      { name: 'confirm an email address', open: go(`/account/verify/${'C'.repeat(43)}`) },
      { name: 'registered', open: go('/register/received') },
      {
        name: 'enter the code from the app',
        open: async (p) => {
          await p.goto(`${base}/sign-in`);
          await p.fill('#email', 'panel@kinwell.demo');
          await p.fill('#password', DEMO_PASSWORD);
          await Promise.all([p.waitForURL(`${base}/sign-in/code`), p.click('main form button[type=submit]')]);
        },
      },
      { name: 'the code, with a mistake', open: send('/sign-in/code', { '#code': '12' }) },
    ];
    const results = await checkVisits(page, visits);
    await context.close();
    expect(ok(results)).toEqual([]);
  });

  it('two-step set-up, recovery codes and the account page, for a new colleague', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    const invitation = await invite('ola@example.test');
    const visits: PageVisit[] = [
      {
        name: 'two-step set-up (required)',
        open: async (p) => {
          await p.goto(`${base}${invitation}`);
          await p.fill('#displayName', 'Ola');
          await p.check('#how-2');
          await Promise.all([p.waitForURL(`${base}/account/two-step/set-up`), p.click('main form button[type=submit]')]);
        },
      },
      { name: 'two-step set-up, with a wrong code', open: send('/account/two-step/set-up', { '#code': '000000' }) },
      {
        name: 'recovery codes',
        open: async (p) => {
          const secret = (await p.textContent('.kinwell-secret'))!.replace(/\s/g, '');
          await p.fill('#code', await generate({ secret, epoch: Math.floor(Date.now() / 1000) }));
          await Promise.all([p.waitForURL(`${base}/account/two-step/recovery-codes`), p.click('main form button[type=submit]')]);
        },
      },
      { name: 'your account', open: go('/account') },
    ];
    const results = await checkVisits(page, visits);
    await context.close();
    expect(ok(results)).toEqual([]);
  });

  it('running an organisation and the platform: team, invite, member, organisations, registrations, captured emails', async () => {
    await t.app.get(AccountsService).registerProvider({
      organisationName: 'Dalston Chess Club',
      areaId: (await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'commissioner'`))[0].id,
      contactPhone: '020 7946 0000',
      displayName: 'Femi',
      email: 'femi@chess.example',
      password: 'plum orchard river lantern',
      language: 'en',
    });
    const [{ id: orgId }] = await t.dataSource.query(`SELECT id FROM organisation WHERE name = 'Hackney Wellbeing Brokerage (demo)'`);
    const { id: memberId } = await makeUser(t.dataSource, {
      displayName: 'Sam',
      memberships: [{ organisationId: orgId, role: Role.BrokerStaff }],
    });
    const [{ id: kofi }] = await t.dataSource.query(`SELECT id FROM holder WHERE preferred_name = 'Kofi'`);
    const { request } = await t.app.get(IntakeService).ask({
      commissionerId: (await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'commissioner'`))[0].id,
      whatWouldHelp: 'A bike, to get to work.',
      name: 'Dee',
      contactBy: 'phone',
      email: null,
      phone: '07700 900 123',
      language: 'en',
      postcodeDistrict: null,
      consent: true,
      userId: null,
    });
    const [{ id: providerId }] = await t.dataSource.query(
      `SELECT m.organisation_id AS id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = 'provider@kinwell.demo'`,
    );
    await t.gql(
      `mutation($p: ID!) { proposeProviderProfile(input: { providerId: $p, description: "Counselling in Urdu, by women, for women.", kind: Voluntary,
         livedExperienceLed: true, paymentMethods: [Invoice] }) { __typename } }`,
      { p: providerId },
      await t.signIn('provider@kinwell.demo', DEMO_PASSWORD),
    );
    const broker = await signedInContext(browser, base, 'broker@kinwell.demo', DEMO_PASSWORD);
    const brokerPage = await broker.newPage();
    const brokerVisits: PageVisit[] = [
      { name: 'my (a broker: people to invite, running the organisation)', open: go('/my') },
      { name: 'team', open: go(`/organisations/${orgId}/team`) },
      { name: 'invite a colleague', open: go(`/organisations/${orgId}/invite`) },
      { name: 'invite a colleague, with mistakes', open: send(`/organisations/${orgId}/invite`, { '#email': 'nope' }) },
      { name: 'change a member', open: go(`/organisations/${orgId}/members/${memberId}`) },
      { name: 'invite a holder', open: go(`/holders/${kofi}/invite`) },
      { name: 'invite a holder, with a mistake', open: send(`/holders/${kofi}/invite`, { '#email': 'nope' }) },
      { name: 'caseload and worklists', open: go('/broker') },
      { name: 'caseload, filtered to nobody', open: go('/broker?plan=closed&name=zzz') },
      { name: 'new requests', open: go('/broker/requests') },
      { name: 'a request', open: go(`/broker/requests/${request.id}`) },
      {
        name: 'a request, declined without a reason',
        open: async (p) => {
          await p.goto(`${base}/broker/requests/${request.id}`);
          await Promise.all([
            p.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/decline')),
            p.click('form[action$="/decline"] button[type=submit]'),
          ]);
          await p.waitForLoadState('load');
        },
      },
      { name: 'listing changes waiting', open: go('/moderation/listings') },
      {
        name: 'listing changes, sent back without a reason',
        open: async (p) => {
          await p.goto(`${base}/moderation/listings`);
          await p.check('#decision-2');
          await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click('main form button[type=submit]')]);
          await p.waitForLoadState('load');
        },
      },
      { name: 'registrations waiting', open: go('/moderation/registrations') },
      { name: 'registrations, with a mistake', open: send('/moderation/registrations') },
      { name: 'messages', open: go('/notifications') },
      { name: 'how you are told', open: go('/notifications/settings') },
      { name: 'how you are told, saved', open: send('/notifications/settings') },
      { name: 'messages that could not be sent', open: go('/broker/undelivered') },
    ];
    // Something to show on the message pages: a message that could not be sent, and a job that kept failing.
    await failedDeliveryAndJob();
    const brokerResults = await checkVisits(brokerPage, brokerVisits);
    await broker.close();

    const coordinator = await signedInContext(browser, base, 'coordinator@kinwell.demo', DEMO_PASSWORD);
    const coordinatorPage = await coordinator.newPage();
    await coordinatorPage.goto(`${base}/approvals`);
    const firstItem = await coordinatorPage.getAttribute('main table a', 'href');
    const approverResults = await checkVisits(coordinatorPage, [
      { name: 'approvals inbox', open: go('/approvals') },
      { name: 'an item to decide', open: go(firstItem!) },
      {
        name: 'an item declined without a reason',
        open: async (p) => {
          await p.goto(`${base}${firstItem}`);
          await p.check('#decision-3');
          await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click('main form button[type=submit]')]);
          await p.waitForLoadState('load');
        },
      },
    ]);
    await coordinator.close();

    const admin = await signedInContext(browser, base, 'admin@kinwell.demo', DEMO_PASSWORD);
    const adminPage = await admin.newPage();
    const [{ id: emailId }] = await t.dataSource.query(`SELECT id FROM captured_email ORDER BY id DESC LIMIT 1`);
    const adminResults = await checkVisits(adminPage, [
      { name: 'areas and organisations', open: go('/admin/organisations') },
      { name: 'areas and organisations, with mistakes', open: send('/admin/organisations') },
      { name: 'jobs that kept failing', open: go('/admin/jobs') },
      { name: 'captured emails', open: go('/dev/emails') },
      { name: 'a captured email', open: go(`/dev/emails/${emailId}`) },
    ]);
    await admin.close();
    expect(ok([...brokerResults, ...approverResults, ...adminResults])).toEqual([]);
  });
});
