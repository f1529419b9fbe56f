import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OrganisationKind, Role } from '@kinwell/identity';
import {
  createTestApp,
  makeOrganisation,
  makeUser,
  pageText,
  SmtpSink,
  startSmtpSink,
  TestApp,
  TEST_PASSWORD,
  WebClient,
} from '@kinwell/testing';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

describe('npm run admin:create on a production install', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** The command as an operator runs it: production settings, a real database, nothing else. */
  const adminCreate = (...args: string[]) =>
    run(process.execPath, [join(ROOT, 'libs/testing/src/run-ts.js'), join(ROOT, 'apps/cli/src/admin-create.ts'), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: t.database.url,
        JWT_SECRET: 'a-production-secret-that-is-long-enough-0123456789',
        STRIPE_SECRET_KEY: 'sk_test_kinwell',
        STRIPE_WEBHOOK_SECRET: 'whsec_kinwell',
        PUBLIC_URL: 'https://kinwell.example.nhs.uk',
        LOG_LEVEL: 'silent',
      },
    });

  it('makes the first administrator and prints a one-time set-up link; they choose a password and must set up two-step verification', async () => {
    const { stdout } = await adminCreate('dee@icb.example.nhs.uk', 'Dee', 'Okafor');
    const link = /https:\/\/kinwell\.example\.nhs\.uk(\/account\/set-up\/[\w-]{43})/.exec(stdout);
    expect(link).not.toBeNull();
    const [admin] = await t.dataSource.query(
      `SELECT u.display_name, u.password_hash IS NULL AS no_password, o.kind, m.admin FROM app_user u
         JOIN membership m ON m.user_id = u.id JOIN organisation o ON o.id = m.organisation_id WHERE u.email = 'dee@icb.example.nhs.uk'`,
    );
    expect(admin).toEqual({ display_name: 'Dee Okafor', no_password: true, kind: OrganisationKind.Platform, admin: true });

    const web = new WebClient(t);
    const weak = await web.submit(link![1], { password: 'qwertyuiop12', confirm: 'qwertyuiop12' });
    expect(weak.status).toBe(400);
    expect(await web.submit(link![1], { password: 'tall ships sail at dawn', confirm: 'tall ships sail at dawn' })).toMatchObject({
      status: 303,
      location: '/sign-in',
    });
    expect((await new WebClient(t).get(link![1])).status).toBe(410);
    const signedIn = await web.submit('/sign-in', { email: 'dee@icb.example.nhs.uk', password: 'tall ships sail at dawn' });
    expect(signedIn).toMatchObject({ status: 303, location: '/account/two-step/set-up' });
    expect(await web.get('/admin/organisations')).toMatchObject({ status: 303, location: '/account/two-step/set-up' });

    // Run again: a fresh link, still one platform organisation and one membership.
    const again = await adminCreate('dee@icb.example.nhs.uk');
    expect(again.stdout).toContain('/account/set-up/');
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM organisation WHERE kind = 'platform'`))[0].n)).toBe(1);
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'account.admin_created'`))[0].n)).toBe(2);
  });

  it('says what is wrong with a bad email, and makes nothing', async () => {
    await expect(adminCreate('not-an-email')).rejects.toMatchObject({ stderr: expect.stringContaining('email: must be an email address') });
    await expect(adminCreate()).rejects.toMatchObject({ stderr: expect.stringContaining('Usage: npm run admin:create') });
  });
});

describe('account emails through a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends an invitation by SMTP when SMTP_URL is set, captures nothing, and hides the captured-email page', async () => {
    const org = await makeOrganisation(t.dataSource, { kind: OrganisationKind.Provider, name: 'Sewing Circle' });
    const admin = await makeUser(t.dataSource, { memberships: [{ organisationId: org.id, role: Role.ProviderStaff, admin: true }] });
    const token = await t.signIn(admin.email);
    const res = await t.gql<{ inviteStaff: { __typename: string } }>(
      `mutation($o: ID!) { inviteStaff(input: { organisationId: $o, email: "nadia@sewing.example", displayName: "Nadia", role: ProviderStaff, language: "ur" }) { __typename } }`,
      { o: org.id },
      token,
    );
    expect(res.data?.inviteStaff.__typename).toBe('Invitation');
    const message = smtp.received.find((m) => m.to === 'nadia@sewing.example');
    expect(message?.raw).toMatch(/Content-Language: ur/);
    expect(message?.raw).toMatch(/Message-ID: <kinwell-\d+@localhost>/);
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM captured_email`))[0].n)).toBe(0);

    const platform = await makeOrganisation(t.dataSource, { kind: OrganisationKind.Platform });
    const operator = await makeUser(t.dataSource, { memberships: [{ organisationId: platform.id, role: Role.PlatformAdmin }] });
    const web = new WebClient(t);
    await web.signIn(operator.email, TEST_PASSWORD);
    const page = await web.get('/dev/emails');
    expect(page.status).toBe(404);
    expect(pageText(page.text)).toContain('Page not found');
  });
});
