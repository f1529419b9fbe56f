import { JwtService } from '@nestjs/jwt';
import { OrganisationKind, Role } from '@kinwell/identity';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, makeOrganisation, makeUser, TestApp, totpCode } from '@kinwell/testing';

const SIGN_IN = `mutation($email: String!, $password: String!) {
  signIn(email: $email, password: $password) {
    __typename
    ... on SignInSuccess { accessToken expiresAt user { id email memberships { role organisation { name kind } } } }
    ... on ErrorResult { errorCode message }
    ... on TooManySignInAttemptsError { retryAfterSeconds }
  }
}`;
const ME = `{ me { id email displayName memberships { role livedExperience organisation { id name kind } } } }`;

type SignInData = {
  signIn: {
    __typename: string;
    accessToken?: string;
    errorCode?: string;
    message?: string;
    retryAfterSeconds?: number;
    user?: { email: string };
  };
};

describe('identity over /graphql', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SIGN_IN_MAX_FAILURES: '3' });
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  it('signs a demo staff account in with its password and a code, and answers `me` with its organisation and role', async () => {
    const res = await t.gql<SignInData & { signIn: { challengeToken?: string } }>(
      SIGN_IN.replace('__typename', '__typename ... on SecondFactorRequired { challengeToken }'),
      { email: 'broker@kinwell.demo', password: DEMO_PASSWORD },
    );
    expect(res.data?.signIn.__typename).toBe('SecondFactorRequired');
    // The challenge alone signs nobody in.
    expect((await t.gql(ME, {}, res.data!.signIn.challengeToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const done = await t.gql<{ completeSignIn: { __typename: string; accessToken?: string } }>(
      `mutation($c: String!, $code: String!) { completeSignIn(challengeToken: $c, code: $code) { __typename ... on SignInSuccess { accessToken } } }`,
      { c: res.data!.signIn.challengeToken, code: await totpCode() },
    );
    expect(done.data?.completeSignIn.__typename).toBe('SignInSuccess');
    const me = await t.gql<{ me: { email: string; memberships: Array<{ role: string; organisation: { kind: string; name: string } }> } }>(
      ME,
      {},
      done.data!.completeSignIn.accessToken,
    );
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.email).toBe('broker@kinwell.demo');
    expect(me.data?.me.memberships).toEqual([
      expect.objectContaining({
        role: 'BrokerStaff',
        organisation: expect.objectContaining({ kind: 'Broker', name: 'Hackney Wellbeing Brokerage (demo)' }),
      }),
    ]);
  });

  it('treats the email case-insensitively', async () => {
    const res = await t.gql<SignInData>(SIGN_IN, { email: '  Holder@Kinwell.Demo ', password: DEMO_PASSWORD });
    expect(res.data?.signIn.__typename).toBe('SignInSuccess');
  });

  it('gives the same generic error for a wrong password and an unknown email', async () => {
    const wrong = await t.gql<SignInData>(SIGN_IN, { email: 'coordinator@kinwell.demo', password: 'not-it' });
    const unknown = await t.gql<SignInData>(SIGN_IN, { email: 'nobody@kinwell.demo', password: 'not-it' });
    expect(wrong.data?.signIn).toEqual({
      __typename: 'InvalidCredentialsError',
      errorCode: 'INVALID_CREDENTIALS',
      message: expect.any(String),
    });
    expect(unknown.data?.signIn).toEqual(wrong.data?.signIn);
    expect(wrong.status).toBe(200);
  });

  it('refuses a disabled account and an account with no password with the same generic error', async () => {
    const org = await makeOrganisation(t.dataSource);
    const disabled = await makeUser(t.dataSource, {
      disabledAt: new Date(),
      memberships: [{ organisationId: org.id, role: Role.BrokerStaff }],
    });
    const noPassword = await makeUser(t.dataSource, { password: null });
    for (const email of [disabled.email, noPassword.email]) {
      const res = await t.gql<SignInData>(SIGN_IN, { email, password: 'correct horse battery staple' });
      expect(res.data?.signIn.errorCode).toBe('INVALID_CREDENTIALS');
    }
  });

  it('rate-limits repeated failures for an email, even when the right password follows', async () => {
    const user = await makeUser(t.dataSource);
    for (let i = 0; i < 3; i++) {
      const res = await t.gql<SignInData>(SIGN_IN, { email: user.email, password: `guess-${i}` });
      expect(res.data?.signIn.errorCode).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await t.gql<SignInData>(SIGN_IN, { email: user.email, password: 'correct horse battery staple' });
    expect(blocked.data?.signIn.__typename).toBe('TooManySignInAttemptsError');
    expect(blocked.data?.signIn.retryAfterSeconds).toBeGreaterThan(0);
    // Other people are not locked out by someone else's failures.
    const other = await makeUser(t.dataSource);
    expect(
      (await t.gql<SignInData>(SIGN_IN, { email: other.email, password: 'correct horse battery staple' })).data?.signIn.__typename,
    ).toBe('SignInSuccess');
  });

  it('refuses oversized input as invalid credentials, not a crash', async () => {
    const res = await t.gql<SignInData>(SIGN_IN, { email: 'x'.repeat(5000), password: 'p'.repeat(20_000) });
    expect(res.data?.signIn.errorCode).toBe('INVALID_CREDENTIALS');
    // A body beyond the server's limit is refused before it reaches a resolver.
    const huge = await t.gql<SignInData>(SIGN_IN, { email: 'a@b.c', password: 'p'.repeat(200_000) });
    expect(huge.status).toBe(413);
  });

  it('answers a missing argument with a GraphQL validation error, not a 500', async () => {
    const res = await t.gql(`mutation { signIn(email: "a@b.c") { __typename } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  describe('me', () => {
    it('requires a token', async () => {
      const res = await t.gql(ME);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.data).toBeNull();
    });

    it.each([
      ['garbage', 'not-a-jwt'],
      ['signed with another secret', new JwtService({ secret: 'x'.repeat(40) }).sign({ sub: '00000000-0000-4000-8000-000000000000' })],
    ])('refuses a %s token', async (_label, token) => {
      const res = await t.gql(ME, {}, token);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses an expired token and the token of a user disabled after sign-in', async () => {
      const user = await makeUser(t.dataSource);
      const jwt = new JwtService({ secret: t.config.auth.jwtSecret });
      const expired = jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) - 60 });
      expect((await t.gql(ME, {}, expired)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

      const token = await t.signIn(user.email);
      expect((await t.gql(ME, {}, token)).errors).toBeUndefined();
      await t.dataSource.query('UPDATE app_user SET disabled_at = now() WHERE id = $1', [user.id]);
      expect((await t.gql(ME, {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('shows a panel member their lived-experience flag', async () => {
      const token = await t.signIn('panel@kinwell.demo', DEMO_PASSWORD);
      const res = await t.gql<{ me: { memberships: Array<{ role: string; livedExperience: boolean; organisation: { kind: string } }> } }>(
        ME,
        {},
        token,
      );
      expect(res.data?.me.memberships).toEqual([
        expect.objectContaining({
          role: 'PanelMember',
          livedExperience: true,
          organisation: expect.objectContaining({ kind: 'Commissioner' }),
        }),
      ]);
    });
  });

  it('records attempts without the password', async () => {
    const rows: Array<Record<string, unknown>> = await t.dataSource.query('SELECT * FROM sign_in_attempt');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(DEMO_PASSWORD);
    expect(Object.keys(rows[0]).sort()).toEqual(['attempted_at', 'email_key', 'id', 'ip_address', 'succeeded']);
  });

  it('seeds staff for every role the brief names', async () => {
    const roles: Array<{ role: string }> = await t.dataSource.query('SELECT DISTINCT role FROM membership');
    expect(roles.map((r) => r.role).sort()).toEqual(Object.values(Role).sort());
    const kinds: Array<{ kind: string; n: string }> = await t.dataSource.query(
      "SELECT kind, count(*) AS n FROM organisation WHERE name LIKE '%(demo)' GROUP BY kind",
    );
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
    expect(byKind).toMatchObject({
      [OrganisationKind.Commissioner]: 2,
      [OrganisationKind.Broker]: 2,
      [OrganisationKind.ClinicalTeam]: 1,
      [OrganisationKind.Provider]: 20,
    });
    // Seeding twice changes nothing.
    expect(await seedDemoData(t.app)).toBeNull();
  });
});
