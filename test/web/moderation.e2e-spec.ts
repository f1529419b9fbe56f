import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { createTestApp, hiddenFields, pageText, TestApp, WebClient } from '@kinwell/testing';

/** A moderator in the area reads what a provider proposes and approves it, or sends it back saying why. */
describe('the listing moderation queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
  });
  afterAll(() => t.close());

  const propose = async (description: string) => {
    const token = await t.signIn('provider@kinwell.demo', DEMO_PASSWORD);
    const [{ id }] = await t.dataSource.query(
      `SELECT m.organisation_id AS id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = 'provider@kinwell.demo'`,
    );
    const res = await t.gql<{ proposeProviderProfile: { id: string } }>(
      `mutation($p: ID!, $d: String!) { proposeProviderProfile(input: { providerId: $p, description: $d, kind: Voluntary, livedExperienceLed: true,
         paymentMethods: [Invoice, Card] }) { ... on ListingChange { id } } }`,
      { p: id, d: description },
      token,
    );
    return res.data!.proposeProviderProfile.id;
  };

  it('shows each waiting change with what it proposes; approving puts it live, and asking for changes needs a reason', async () => {
    const first = await propose('Counselling in Urdu and Punjabi, by women, for women. Evenings and Saturdays.');
    const broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    const page = pageText((await broker.get('/moderation/listings')).text);
    expect(page).toContain('Changed provider profile: Urdu Counselling Collective (demo)');
    expect(page).toContain('Counselling in Urdu and Punjabi, by women, for women.');
    const noReason = await broker.submit('/moderation/listings', { decision: 'reject' }, `/moderation/listings/${first}`);
    expect(noReason.status).toBe(400);
    expect(pageText(noReason.text)).toContain('Enter the note');
    expect(await broker.submit('/moderation/listings', { decision: 'approve' }, `/moderation/listings/${first}`)).toMatchObject({
      status: 303,
    });
    expect((await t.dataSource.query(`SELECT status FROM listing_change WHERE id = $1`, [first]))[0].status).toBe('approved');
    const [{ description }] = await t.dataSource.query(
      `SELECT p.description FROM provider_profile p JOIN listing_change c ON c.organisation_id = p.organisation_id WHERE c.id = $1`,
      [first],
    );
    expect(description).toContain('by women, for women');
    expect(pageText((await broker.get('/moderation/listings')).text)).not.toContain('by women, for women');

    const second = await propose('A second try at the words, not yet right.');
    expect(
      await broker.submit(
        '/moderation/listings',
        { decision: 'reject', note: 'Say where and when the sessions are.' },
        `/moderation/listings/${second}`,
      ),
    ).toMatchObject({ status: 303 });
    expect((await t.dataSource.query(`SELECT status FROM listing_change WHERE id = $1`, [second]))[0].status).toBe('rejected');
    // Deciding again says it was decided already, and changes nothing.
    const { _csrf } = hiddenFields((await broker.get('/moderation/listings')).text, '/sign-out');
    const again = await broker.post(`/moderation/listings/${second}`, { _csrf, decision: 'approve' });
    expect(again.status).toBe(400);
    expect(pageText(again.text)).toContain('already rejected');
  });

  it('is for moderators only', async () => {
    const holder = new WebClient(t);
    await holder.signIn('holder@kinwell.demo', DEMO_PASSWORD);
    expect((await holder.get('/moderation/listings')).status).toBe(403);
  });
});
