import { generate } from 'otplib';
import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { PasswordHasher } from '@kinwell/identity';
import { createTestApp, hiddenFields, lastEmailTo, pageText, planOfHolder, TestApp, tokenOf, totpCode, WebClient } from '@kinwell/testing';

const NEW_PASSWORD = 'plum orchard river lantern';
const gqlOk = <T>(res: { data: T | null; errors?: unknown }) => {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
};

/** Accounts for real people, over the pages (no JavaScript) and GraphQL, on the demo area. */
describe('accounts', () => {
  let t: TestApp;
  let brokerToken: string;
  const web = () => new WebClient(t);
  const audit = async (action: string) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_log WHERE action = $1`, [action]))[0].n);
  const holderId = async (name: string) =>
    (await t.dataSource.query(`SELECT id FROM holder WHERE preferred_name = $1`, [name]))[0].id as string;
  const inviteHolder = (id: string, email: string, language?: string) =>
    t.gql<{ inviteHolder: { __typename: string; id?: string; errorCode?: string } }>(
      `mutation($h: ID!, $e: String!, $l: String) { inviteHolder(holderId: $h, email: $e, displayName: "Someone", language: $l) {
         __typename ... on Invitation { id } ... on AccountError { errorCode message } } }`,
      { h: id, e: email, l: language ?? null },
      brokerToken,
    );

  beforeAll(async () => {
    // SEED_DEMO as in development: the demo sign-in help is on.
    t = await createTestApp({ SEED_DEMO: 'true' });
    await seedDemoData(t.app);
    brokerToken = await t.signIn('broker@kinwell.demo', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('a broker invites a holder; she follows the emailed link (in Urdu), sets a password, and agrees her plan', async () => {
    // Shirin's record and draft plan, as if her broker had registered her without an account.
    const shirin = await holderId('Shirin');
    await t.dataSource.query(`UPDATE holder SET user_id = NULL WHERE id = $1`, [shirin]);
    const [{ email: brokerEmail }] = await t.dataSource.query(
      `SELECT u.email FROM holder h JOIN membership m ON m.organisation_id = h.broker_organisation_id AND m.role = 'broker_staff'
         JOIN app_user u ON u.id = m.user_id WHERE h.id = $1 LIMIT 1`,
      [shirin],
    );
    expect(brokerEmail).toBe('broker@kinwell.demo');
    const invited = await inviteHolder(shirin, 'shirin.new@example.test', 'ur');
    expect(invited.data?.inviteHolder.__typename).toBe('Invitation');
    const email = await lastEmailTo(t.dataSource, 'shirin.new@example.test');
    expect(email.subject).toBe('آپ کو Kinwell میں مدعو کیا گیا ہے');
    expect(email.path).toMatch(/^\/account\/invitation\/[\w-]{43}$/);

    const shirinWeb = web();
    const page = await shirinWeb.get(email.path!);
    expect(page.status).toBe(200);
    expect(pageText(page.text)).toContain('Hackney Wellbeing Brokerage (demo) has invited you to Kinwell');
    // A common password is refused with its reason, and nothing is made.
    const weak = await shirinWeb.submit(email.path!, {
      displayName: 'Shirin',
      how: 'password',
      password: 'password1234',
      confirm: 'password1234',
    });
    expect(weak.status).toBe(400);
    expect(pageText(weak.text)).toContain('That password is one people use often');
    expect(await t.dataSource.query(`SELECT 1 FROM app_user WHERE email = 'shirin.new@example.test'`)).toHaveLength(0);

    const joined = await shirinWeb.submit(email.path!, {
      displayName: 'Shirin',
      how: 'password',
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(joined).toMatchObject({ status: 303, location: '/my' });
    const [linked] = await t.dataSource.query(
      `SELECT u.email, u.email_verified_at IS NOT NULL AS verified, u.language FROM holder h JOIN app_user u ON u.id = h.user_id WHERE h.id = $1`,
      [shirin],
    );
    expect(linked).toEqual({ email: 'shirin.new@example.test', verified: true, language: 'ur' });

    const [plan] = await t.dataSource.query(`SELECT id FROM support_plan WHERE holder_id = $1 AND status = 'draft'`, [shirin]);
    expect(await shirinWeb.submit(`/plans/${plan.id}/goals/new`, { text: 'میں دوبارہ سلائی شروع کرنا چاہتی ہوں' })).toMatchObject({
      status: 303,
    });
    const [goal] = await t.dataSource.query(`SELECT id FROM plan_goal WHERE plan_id = $1`, [plan.id]);
    expect(
      await shirinWeb.submit(`/plans/${plan.id}/items/new`, {
        goal: goal.id,
        description: 'Sewing machine',
        supplier: 'A local shop',
        price: '120',
        quantity: '1',
      }),
    ).toMatchObject({ status: 303 });
    const agreed = await shirinWeb.submit(`/plans/${plan.id}/agree`, { agree: 'yes' });
    expect(agreed.status).toBe(303);
    const [after] = await t.dataSource.query(`SELECT status, holder_agreed_at IS NOT NULL AS agreed FROM support_plan WHERE id = $1`, [
      plan.id,
    ]);
    expect(after.agreed).toBe(true);

    // The link worked once.
    const again = await web().get(email.path!);
    expect(again.status).toBe(410);
    expect(pageText(again.text)).toContain('That link has already been used');
    expect(await audit('account.invited')).toBeGreaterThan(0);
    expect(await audit('account.joined')).toBeGreaterThan(0);
  });

  it('a holder invites a carer she names; once he accepts he acts for her, with her consent recorded', async () => {
    const amara = web();
    await amara.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    const planId = await planOfHolder(t.dataSource, 'holder@kinwell.demo');
    const missing = await amara.submit(
      `/plans/${planId}/people`,
      { displayName: 'Ravi', email: 'ravi@example.test' },
      `/plans/${planId}/people/invite`,
    );
    expect(missing.status).toBe(400);
    expect(pageText(missing.text)).toContain('Choose how they help you');
    const sent = await amara.submit(
      `/plans/${planId}/people`,
      { displayName: 'Ravi', email: 'ravi@example.test', relationship: 'carer' },
      `/plans/${planId}/people/invite`,
    );
    expect(sent).toMatchObject({ status: 303, location: `/plans/${planId}/people` });

    const ravi = web();
    const { path } = await lastEmailTo(t.dataSource, 'ravi@example.test');
    expect(await ravi.submit(path!, { displayName: 'Ravi', how: 'link' })).toMatchObject({ status: 303, location: '/my' });
    expect(pageText((await ravi.get('/my')).text)).toContain('Carer, with their consent since');
    expect((await ravi.get(`/plans/${planId}`)).status).toBe(200);
    expect(pageText((await amara.get(`/plans/${planId}/people`)).text)).toContain('Ravi');
  });

  it('a forged, withdrawn or expired invitation gets a page that says what to do next, and changes nothing', async () => {
    const forged = await web().get(`/account/invitation/${'A'.repeat(43)}`);
    expect(forged.status).toBe(410);
    expect(pageText(forged.text)).toContain('That link does not work');
    expect((await web().get('/account/invitation/not-a-token')).status).toBe(410);

    const kofi = await holderId('Kofi');
    const first = await inviteHolder(kofi, 'kofi@example.test');
    const firstPath = (await lastEmailTo(t.dataSource, 'kofi@example.test')).path!;
    const withdrawn = await t.gql<{ withdrawInvitation: { __typename: string } }>(
      `mutation($id: ID!) { withdrawInvitation(id: $id) { __typename } }`,
      { id: first.data!.inviteHolder.id },
      brokerToken,
    );
    expect(withdrawn.data?.withdrawInvitation.__typename).toBe('Invitation');
    const page = await web().get(firstPath);
    expect(page.status).toBe(410);
    expect(pageText(page.text)).toContain('That invitation was withdrawn');

    await inviteHolder(kofi, 'kofi@example.test');
    const secondPath = (await lastEmailTo(t.dataSource, 'kofi@example.test')).path!;
    // The page was opened in time, and sent after the invitation ran out.
    const late = web();
    const opened = await late.get(secondPath);
    await t.dataSource.query(
      `UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE holder_id = $1 AND withdrawn_at IS NULL`,
      [kofi],
    );
    const expired = await late.post(secondPath, { ...hiddenFields(opened.text, secondPath), displayName: 'Kofi', how: 'link' });
    expect(expired.status).toBe(410);
    expect(await t.dataSource.query(`SELECT 1 FROM app_user WHERE email = 'kofi@example.test'`)).toHaveLength(0);
    expect((await t.dataSource.query(`SELECT user_id FROM holder WHERE id = $1`, [kofi]))[0].user_id).toBeNull();
  });

  it('refuses to link a record that has an account, or an account that already holds a budget, and changes nothing', async () => {
    const amara = await holderId('Amara');
    const before = Number((await t.dataSource.query(`SELECT count(*) AS n FROM invitation`))[0].n);
    const linked = await inviteHolder(amara, 'someone.else@example.test');
    expect(linked.data?.inviteHolder).toMatchObject({ __typename: 'AccountError', errorCode: 'ALREADY_LINKED' });
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM invitation`))[0].n)).toBe(before);

    // Kofi invited at an address whose account already holds a budget (Tunde's): she signs in to accept, and is refused.
    const kofi = await holderId('Kofi');
    await inviteHolder(kofi, 'holder2@kinwell.demo');
    const path = (await lastEmailTo(t.dataSource, 'holder2@kinwell.demo')).path!;
    const tunde = web();
    const asked = await tunde.get(path);
    expect(pageText(asked.text)).toContain('You already have a Kinwell account with this email');
    expect(await tunde.submit(path, {})).toMatchObject({ status: 303, location: '/sign-in' });
    await tunde.signIn('holder2@kinwell.demo', DEMO_PASSWORD);
    const refused = await tunde.submit(path, {});
    expect(refused.status).toBe(400);
    expect(pageText(refused.text)).toContain('That record already has an account linked to it');
    expect((await t.dataSource.query(`SELECT user_id FROM holder WHERE id = $1`, [kofi]))[0].user_id).toBeNull();
    // The link is still good for the right person: the refusal rolled back its use.
    expect((await web().get(path)).status).toBe(200);
  });

  it('an admin invites a colleague, who reaches nobody’s data until two-step verification is set up', async () => {
    const [{ id: broker }] = await t.dataSource.query(`SELECT id FROM organisation WHERE name = 'Hackney Wellbeing Brokerage (demo)'`);
    const invite = (token: string) =>
      t.gql<{ inviteStaff: { __typename: string; errorCode?: string } }>(
        `mutation($o: ID!) { inviteStaff(input: { organisationId: $o, email: "ola@example.test", displayName: "Ola", role: BrokerStaff }) {
           __typename ... on AccountError { errorCode } } }`,
        { o: broker },
        token,
      );
    // Only the organisation's admins invite: the second broker in the area is not one of them.
    const notAdmin = await invite(await t.signIn('broker2@kinwell.demo', DEMO_PASSWORD));
    expect(notAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await invite(brokerToken)).data?.inviteStaff.__typename).toBe('Invitation');

    const ola = web();
    const path = (await lastEmailTo(t.dataSource, 'ola@example.test')).path!;
    // She chooses to sign in by emailed link: no password at all.
    expect(await ola.submit(path, { displayName: 'Ola', how: 'link' })).toMatchObject({
      status: 303,
      location: '/account/two-step/set-up',
    });
    expect(await ola.get('/my')).toMatchObject({ status: 303, location: '/account/two-step/set-up' });

    // Over GraphQL too: her token does nothing but set up the second factor.
    const link = await t.gql(`mutation { requestSignInLink(email: "ola@example.test") }`);
    expect(link.data).toEqual({ requestSignInLink: true });
    const linkToken = tokenOf((await lastEmailTo(t.dataSource, 'ola@example.test')).path);
    const signedIn = gqlOk(
      await t.gql<{ signInWithLink: { accessToken: string; secondFactorSetUpRequired: boolean } }>(
        `mutation($t: String!) { signInWithLink(token: $t) { ... on SignInSuccess { accessToken secondFactorSetUpRequired } } }`,
        { t: linkToken },
      ),
    ).signInWithLink;
    expect(signedIn.secondFactorSetUpRequired).toBe(true);
    const people = await t.gql(`query($h: ID!) { holder(id: $h) { id } }`, { h: await holderId('Amara') }, signedIn.accessToken);
    expect(people.errors?.[0].extensions?.code).toBe('SECOND_FACTOR_REQUIRED');

    // The set-up page gives the key; a code from it turns verification on and shows the recovery codes once.
    const setUp = await ola.get('/account/two-step/set-up');
    const secret = /<code class="kinwell-secret">([A-Z2-7 ]+)<\/code>/.exec(setUp.text)![1].replace(/ /g, '');
    const wrong = await ola.submit('/account/two-step/set-up', { code: '000000' });
    expect(wrong.status).toBe(400);
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) });
    expect(await ola.submit('/account/two-step/set-up', { code })).toMatchObject({
      status: 303,
      location: '/account/two-step/recovery-codes',
    });
    const codes = [...(await ola.get('/account/two-step/recovery-codes')).text.matchAll(/<code>([0-9a-f]{5}-[0-9a-f]{5})<\/code>/g)].map(
      (m) => m[1],
    );
    expect(codes).toHaveLength(10);
    expect((await ola.get('/account/two-step/recovery-codes')).status).toBe(303);
    expect((await ola.get('/my')).status).toBe(200);
    expect(await audit('account.mfa_set')).toBeGreaterThan(0);

    // Next time, the emailed link leads to the code, and a recovery code works once.
    const later = web();
    await later.post('/sign-in/email', {}).catch(() => undefined);
    await t.gql(`mutation { requestSignInLink(email: "ola@example.test") }`);
    const nextPath = (await lastEmailTo(t.dataSource, 'ola@example.test')).path!;
    expect(await later.submit(nextPath, {})).toMatchObject({ status: 303, location: '/sign-in/code' });
    expect(await later.submit('/sign-in/code', { code: codes[0] })).toMatchObject({ status: 303, location: '/my' });
    const replay = web();
    await t.gql(`mutation { requestSignInLink(email: "ola@example.test") }`);
    await replay.submit((await lastEmailTo(t.dataSource, 'ola@example.test')).path!, {});
    expect((await replay.submit('/sign-in/code', { code: codes[0] })).status).toBe(400);
  });

  it('a provider registers itself, a moderator in its area approves it, and its admin invites a colleague', async () => {
    const provider = web();
    const areas = await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'commissioner'`);
    const form = { organisationName: 'Dalston Chess Club', areaId: areas[0].id, displayName: 'Femi', email: 'femi@chess.example' };
    const short = await provider.submit('/register', { ...form, password: 'short one' });
    expect(short.status).toBe(400);
    expect(pageText(short.text)).toContain('Use at least 12 characters');
    expect(await provider.submit('/register', { ...form, password: NEW_PASSWORD })).toMatchObject({
      status: 303,
      location: '/register/received',
    });
    const [org] = await t.dataSource.query(`SELECT id, approved_at FROM organisation WHERE name = 'Dalston Chess Club'`);
    expect(org.approved_at).toBeNull();
    const received = await lastEmailTo(t.dataSource, 'femi@chess.example');
    expect(received.subject).toBe('We have your registration for Dalston Chess Club');
    expect(await provider.submit(received.path!, {})).toMatchObject({ status: 303 });
    expect(
      (await t.dataSource.query(`SELECT email_verified_at FROM app_user WHERE email = 'femi@chess.example'`))[0].email_verified_at,
    ).not.toBeNull();

    // The same email again: the same answer, nothing made, and a note to the account's owner.
    expect(await web().submit('/register', { ...form, organisationName: 'Another Club', password: NEW_PASSWORD })).toMatchObject({
      status: 303,
      location: '/register/received',
    });
    expect(await t.dataSource.query(`SELECT 1 FROM organisation WHERE name = 'Another Club'`)).toHaveLength(0);
    expect((await lastEmailTo(t.dataSource, 'femi@chess.example')).subject).toBe('You already have a Kinwell account');

    // Before approval the provider can get a listing ready, but nothing of it can go live.
    const femiFirst = await t.signIn('femi@chess.example', NEW_PASSWORD);
    const proposed = gqlOk(
      await t.gql<{ proposeProviderProfile: { id: string } }>(
        `mutation($p: ID!) { proposeProviderProfile(input: { providerId: $p, description: "Chess on Tuesday evenings, all levels welcome.",
           kind: Voluntary, livedExperienceLed: false, paymentMethods: [Invoice] }) { ... on ListingChange { id } } }`,
        { p: org.id },
        femiFirst,
      ),
    ).proposeProviderProfile;
    const approveChange = () =>
      t.gql<{ approveListingChange: { __typename: string } }>(
        `mutation($c: ID!) { approveListingChange(changeId: $c) { __typename } }`,
        { c: proposed.id },
        brokerToken,
      );
    expect((await approveChange()).data?.approveListingChange.__typename).toBe('ListingNotReadyError');

    const moderator = web();
    await moderator.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    expect(pageText((await moderator.get('/moderation/registrations')).text)).toContain('Dalston Chess Club');
    const noReason = await moderator.submit('/moderation/registrations', { decision: 'reject' }, `/moderation/registrations/${org.id}`);
    expect(noReason.status).toBe(400);
    expect(
      await moderator.submit('/moderation/registrations', { decision: 'approve' }, `/moderation/registrations/${org.id}`),
    ).toMatchObject({ status: 303 });
    expect((await t.dataSource.query(`SELECT approved_at FROM organisation WHERE id = $1`, [org.id]))[0].approved_at).not.toBeNull();
    expect((await lastEmailTo(t.dataSource, 'femi@chess.example')).subject).toBe('Dalston Chess Club is approved');
    expect((await approveChange()).data?.approveListingChange.__typename).toBe('ListingChange');

    const femi = femiFirst;
    const invited = await t.gql<{ inviteStaff: { __typename: string } }>(
      `mutation($o: ID!) { inviteStaff(input: { organisationId: $o, email: "bisi@chess.example", displayName: "Bisi", role: ProviderStaff }) { __typename } }`,
      { o: org.id },
      femi,
    );
    expect(invited.data?.inviteStaff.__typename).toBe('Invitation');
    const bisi = web();
    const path = (await lastEmailTo(t.dataSource, 'bisi@chess.example')).path!;
    expect(await bisi.submit(path, { displayName: 'Bisi', how: 'password', password: NEW_PASSWORD, confirm: NEW_PASSWORD })).toMatchObject({
      status: 303,
      location: '/my',
    });
  });

  it('resets a forgotten password by a single-use link, with the same answer for an email that has no account', async () => {
    for (const email of ['nobody@nowhere.example', 'holder4@kinwell.demo'])
      expect(await web().submit('/account/forgotten-password', { email })).toMatchObject({ status: 303, location: '/account/reset-sent' });
    expect(await t.dataSource.query(`SELECT 1 FROM captured_email WHERE recipient = 'nobody@nowhere.example'`)).toHaveLength(0);
    const { path, subject } = await lastEmailTo(t.dataSource, 'holder4@kinwell.demo');
    expect(subject).toBe('Reset your Kinwell password');
    const grace = web();
    await grace.signIn('holder4@kinwell.demo', DEMO_PASSWORD);
    const oldToken = await t.signIn('holder4@kinwell.demo', DEMO_PASSWORD);
    // Tokens carry whole seconds: the reset comes a second after the token.
    await new Promise((r) => setTimeout(r, 1100));
    const reset = web();
    const mismatch = await reset.submit(path!, { password: NEW_PASSWORD, confirm: 'something else entirely' });
    expect(pageText(mismatch.text)).toContain('The two passwords are not the same');
    expect(await reset.submit(path!, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).toMatchObject({
      status: 303,
      location: '/sign-in',
    });
    // Every session signed in with the old password has ended; the old password no longer works; the link is spent.
    expect(await grace.get('/my')).toMatchObject({ status: 303, location: '/sign-in' });
    expect((await t.gql(`{ me { id } }`, {}, oldToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await web().submit('/sign-in', { email: 'holder4@kinwell.demo', password: DEMO_PASSWORD })).status).toBe(400);
    await web().signIn('holder4@kinwell.demo', NEW_PASSWORD);
    expect((await web().get(path!)).status).toBe(410);
    expect(await audit('account.password_reset')).toBe(1);
  });

  it('slows down the address that keeps failing, without locking the account or anyone else out', async () => {
    const signIn = (email: string, password: string, ip: string) =>
      t
        .http()
        .post('/graphql')
        .set('x-forwarded-for', ip)
        .send({
          query: `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename } }`,
          variables: { e: email, p: password },
        })
        .then((r) => r.body.data.signIn.__typename as string);
    for (let i = 0; i < 5; i++)
      expect(await signIn('holder5@kinwell.demo', 'wrong password here', '203.0.113.9')).toBe('InvalidCredentialsError');
    expect(await signIn('holder5@kinwell.demo', DEMO_PASSWORD, '203.0.113.9')).toBe('TooManySignInAttemptsError');
    // The account's owner, elsewhere, is not locked out; nor is someone else at the attacker's address.
    expect(await signIn('holder5@kinwell.demo', DEMO_PASSWORD, '198.51.100.7')).toBe('SignInSuccess');
    expect(await signIn('holder6@kinwell.demo', DEMO_PASSWORD, '203.0.113.9')).toBe('SignInSuccess');
    // Attacked from many addresses: a new address is sent a sign-in link; the owner's usual address still signs in.
    for (let i = 0; i < 10; i++) await signIn('holder5@kinwell.demo', 'wrong password here', `192.0.2.${i + 1}`);
    expect(await signIn('holder5@kinwell.demo', DEMO_PASSWORD, '192.0.2.200')).toBe('SignInLinkSent');
    expect((await lastEmailTo(t.dataSource, 'holder5@kinwell.demo')).subject).toBe('Your link to sign in to Kinwell');
    expect(await signIn('holder5@kinwell.demo', DEMO_PASSWORD, '198.51.100.7')).toBe('SignInSuccess');
  });

  it('remakes a password hash made with older argon2 parameters when its owner signs in', async () => {
    const weaker = new PasswordHasher({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    await t.dataSource.query(`UPDATE app_user SET password_hash = $1 WHERE email = 'holder7@kinwell.demo'`, [
      await weaker.hash(DEMO_PASSWORD),
    ]);
    await t.signIn('holder7@kinwell.demo', DEMO_PASSWORD);
    const [{ password_hash: hash }] = await t.dataSource.query(`SELECT password_hash FROM app_user WHERE email = 'holder7@kinwell.demo'`);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    await t.signIn('holder7@kinwell.demo', DEMO_PASSWORD);
  });

  it('a platform admin makes an area and an organisation; an admin changes a role and deactivates someone at once', async () => {
    const admin = await t.signIn('admin@kinwell.demo', DEMO_PASSWORD);
    const make = (name: string, kind: string, areaId: string | null, token = admin) =>
      t.gql<{ createOrganisation: { id: string; approvedAt: string | null } }>(
        `mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id approvedAt } }`,
        { i: { name, kind, areaId } },
        token,
      );
    const area = gqlOk(await make('North Kinwell ICB', 'Commissioner', null)).createOrganisation;
    const broker = gqlOk(await make('North Brokerage', 'Broker', area.id)).createOrganisation;
    expect(broker.approvedAt).not.toBeNull();
    expect((await make('Sneaky', 'Broker', area.id, brokerToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const noArea = await make('Lost Brokerage', 'Broker', null);
    expect(noArea.errors?.[0].extensions?.fields).toEqual([{ field: 'areaId', message: expect.stringContaining('commissioning area') }]);

    // Team lead and care coordinator at the CMHT; its first member is its admin.
    const [team] = await t.dataSource.query(
      `SELECT m.organisation_id AS id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = 'coordinator@kinwell.demo'`,
    );
    const lead = await t.signIn('teamlead@kinwell.demo', DEMO_PASSWORD);
    const coordinatorAdmin = await t.signIn('coordinator@kinwell.demo', DEMO_PASSWORD);
    const members = gqlOk(
      await t.gql<{ members: Array<{ userId: string; role: string; admin: boolean; displayName: string }> }>(
        `query($o: ID!) { members(organisationId: $o) { userId role admin displayName } }`,
        { o: team.id },
        coordinatorAdmin,
      ),
    ).members;
    const leadRow = members.find((m) => m.role === 'TeamLead')!;
    expect(
      (await t.gql(`query($o: ID!) { members(organisationId: $o) { userId } }`, { o: team.id }, lead)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    gqlOk(
      await t.gql(
        `mutation($o: ID!, $u: ID!) { changeMemberRole(organisationId: $o, userId: $u, from: TeamLead, to: CareCoordinator, admin: false) }`,
        { o: team.id, u: leadRow.userId },
        coordinatorAdmin,
      ),
    );
    const me = async () =>
      (await t.gql<{ me: { memberships: Array<{ role: string }> } }>(`{ me { memberships { role } } }`, {}, lead)).data?.me.memberships.map(
        (m) => m.role,
      );
    expect(await me()).toEqual(['CareCoordinator']);
    gqlOk(
      await t.gql(
        `mutation($o: ID!, $u: ID!) { deactivateMember(organisationId: $o, userId: $u) }`,
        { o: team.id, u: leadRow.userId },
        coordinatorAdmin,
      ),
    );
    // The same token, the very next request: no membership, so no access through it.
    expect(await me()).toEqual([]);
    const selfOut = await t.gql(
      `mutation($o: ID!, $u: ID!) { deactivateMember(organisationId: $o, userId: $u) }`,
      { o: team.id, u: members.find((m) => m.admin)!.userId },
      coordinatorAdmin,
    );
    expect(selfOut.errors?.[0].extensions?.fields?.[0].message).toContain('cannot deactivate yourself');
    expect(await audit('account.role_changed')).toBe(1);
    expect(await audit('account.deactivated')).toBe(1);
  });

  it('a person sees where they are signed in and signs another session out', async () => {
    const phone = web();
    const laptop = web();
    await phone.signIn('holder8@kinwell.demo', DEMO_PASSWORD);
    await laptop.signIn('holder8@kinwell.demo', DEMO_PASSWORD);
    const page = await laptop.get('/account');
    const ends = [...page.text.matchAll(/action="\/account\/sessions\/([^"/]+)\/end"/g)].map((m) => decodeURIComponent(m[1]));
    expect(ends).toHaveLength(2);
    expect(pageText(page.text)).toContain('(this one)');
    const [{ sid: phoneSession }] = await t.dataSource.query(
      `SELECT sid FROM web_session WHERE sess->>'userId' = (SELECT id::text FROM app_user WHERE email = 'holder8@kinwell.demo') ORDER BY sess->>'signedInAt' ASC LIMIT 1`,
    );
    expect(
      await laptop.post(`/account/sessions/${encodeURIComponent(phoneSession)}/end`, {
        _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1],
      }),
    ).toMatchObject({
      status: 303,
      location: '/account',
    });
    expect(await phone.get('/my')).toMatchObject({ status: 303, location: '/sign-in' });
    expect((await laptop.get('/my')).status).toBe(200);
  });

  it('shows captured emails to platform admins in development only', async () => {
    const holder = web();
    await holder.signIn('holder9@kinwell.demo', DEMO_PASSWORD);
    expect((await holder.get('/dev/emails')).status).toBe(404);
    const admin = web();
    await admin.signIn('admin@kinwell.demo', DEMO_PASSWORD);
    const list = await admin.get('/dev/emails');
    expect(list.status).toBe(200);
    const id = /href="\/dev\/emails\/(\d+)"/.exec(list.text)![1];
    const one = await admin.get(`/dev/emails/${id}`);
    expect(one.status).toBe(200);
    expect(one.text).toMatch(/<a href="http:\/\/localhost:\d+\/[^"]+">/);
  });

  it('the demo sign-in page helps a newcomer: staff codes are shown in development', async () => {
    const client = web();
    const first = await client.submit('/sign-in', { email: 'panel@kinwell.demo', password: DEMO_PASSWORD });
    expect(first).toMatchObject({ status: 303, location: '/sign-in/code' });
    const page = await client.get('/sign-in/code');
    const shown = /the code now is (\d{6})/.exec(pageText(page.text))?.[1];
    expect(shown).toBe(await totpCode());
  });
});
