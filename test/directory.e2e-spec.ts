import { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@kinwell/config';
import { DirectoryService } from '@kinwell/directory';
import { Organisation, OrganisationKind, Role } from '@kinwell/identity';
import { createTestApp, makeOrganisation, makeUser, TestApp } from '@kinwell/testing';
import { createWorker } from '../apps/worker/src/create-worker';

const PROPOSE_PROFILE = `mutation($input: ProviderProfileInput!) { proposeProviderProfile(input: $input) { __typename ... on ListingChange { id status subjectId version } ... on ErrorResult { errorCode message } } }`;
const PROPOSE_LOCATION = `mutation($input: LocationInput!) { proposeLocation(input: $input) { __typename ... on ListingChange { id subjectId } ... on ErrorResult { errorCode message } } }`;
const PROPOSE_SERVICE = `mutation($input: ServiceInput!) { proposeService(input: $input) { __typename ... on ListingChange { id subjectId } ... on ErrorResult { errorCode message } } }`;
const PROPOSE_OFFERING = `mutation($input: OfferingInput!) { proposeOffering(input: $input) { __typename ... on ListingChange { id subjectId status } ... on ErrorResult { errorCode message } } }`;
const APPROVE = `mutation($id: ID!) { approveListingChange(changeId: $id) { __typename ... on ListingChange { status decidedAt } ... on ErrorResult { errorCode message } } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectListingChange(changeId: $id, reason: $reason) { __typename ... on ListingChange { status decisionReason } ... on ErrorResult { errorCode message } } }`;
const SEARCH = `query($q: String, $filter: OfferingSearchFilter, $orderBy: OfferingOrder, $first: Int, $after: String) {
  searchOfferings(query: $q, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount engine
    edges { cursor distanceKm node { id name price { pence formatted } category { code name } provider { id name kind } service { name languages { code name } } } }
    pageInfo { hasNextPage endCursor }
    facets { languages { value label count } categories { value count } }
  }
}`;

type Result = {
  __typename: string;
  id?: string;
  subjectId?: string;
  status?: string;
  errorCode?: string;
  message?: string;
  decisionReason?: string;
};
type SearchData = {
  searchOfferings: {
    totalCount: number;
    edges: Array<{
      distanceKm: number | null;
      node: {
        id: string;
        name: string;
        price: { pence: number; formatted: string };
        provider: { name: string };
        service: { languages: Array<{ code: string }> };
      };
    }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: { languages: Array<{ value: string; label: string; count: number }> };
  };
};

describe('directory: list, moderate, find', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let icb: Organisation;
  let provider: Organisation;
  let otherProvider: Organisation;
  const tokens: Record<string, string> = {};

  const first = (res: { data: Record<string, unknown> | null; errors?: unknown }): Result => {
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data)[0] as Result;
  };
  const as = async (who: string, query: string, variables: Record<string, unknown> = {}) =>
    first(await t.gql(query, variables, tokens[who]));
  const approve = async (changeId: string) =>
    expect(await as('broker', APPROVE, { id: changeId })).toMatchObject({ __typename: 'ListingChange', status: 'Approved' });
  const search = async (variables: Record<string, unknown>) => {
    const res = await t.gql<SearchData>(SEARCH, variables);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.searchOfferings;
  };
  /** The worker indexes after commit; wait until a search sees the change. */
  const eventually = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the search index did not catch up within 5s');
  };

  let locationId: string;
  let serviceId: string;
  let offeringId: string;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await createWorker(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: t.database.url, OUTBOX_POLL_MS: '100' }),
      t.database.url,
    );
    const ds = t.dataSource;
    icb = await makeOrganisation(ds, { kind: OrganisationKind.Commissioner, name: 'Test ICB' });
    const otherIcb = await makeOrganisation(ds, { kind: OrganisationKind.Commissioner, name: 'Elsewhere ICB' });
    const broker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: icb.id });
    const farBroker = await makeOrganisation(ds, { kind: OrganisationKind.Broker, commissionerId: otherIcb.id });
    provider = await makeOrganisation(ds, { kind: OrganisationKind.Provider, commissionerId: icb.id, name: 'Urdu Listening Circle' });
    otherProvider = await makeOrganisation(ds, { kind: OrganisationKind.Provider, commissionerId: icb.id });
    const people: Array<[string, string, Role]> = [
      ['provider', provider.id, Role.ProviderStaff],
      ['otherProvider', otherProvider.id, Role.ProviderStaff],
      ['broker', broker.id, Role.BrokerStaff],
      ['farBroker', farBroker.id, Role.BrokerStaff],
      ['holder', broker.id, Role.Holder],
      ['commissioner', icb.id, Role.Commissioner],
    ];
    for (const [who, organisationId, role] of people) {
      const user = await makeUser(ds, { memberships: [{ organisationId, role }] });
      tokens[who] = await t.signIn(user.email);
    }
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('lets a provider list an offering that a moderator approves and a holder then finds by a misspelt word, by language and by distance', async () => {
    const profile = await as('provider', PROPOSE_PROFILE, {
      input: {
        providerId: provider.id,
        description: 'A listening circle and counselling in Urdu.',
        kind: 'Voluntary',
        livedExperienceLed: false,
        paymentMethods: ['Invoice'],
      },
    });
    expect(profile).toMatchObject({ __typename: 'ListingChange', status: 'Pending', version: 1 });
    // Nothing is public until a moderator approves it.
    expect((await t.gql<{ provider: unknown }>(`{ provider(id: "${provider.id}") { id } }`)).data?.provider).toBeNull();
    await approve(profile.id!);

    const location = await as('provider', PROPOSE_LOCATION, {
      input: {
        providerId: provider.id,
        name: 'Mare Street rooms',
        addressLine: '1 Mare Street',
        town: 'London',
        postcode: 'e8 4rp',
        accessibility: ['step-free'],
      },
    });
    locationId = location.subjectId!;
    await approve(location.id!);

    const service = await as('provider', PROPOSE_SERVICE, {
      input: {
        providerId: provider.id,
        name: 'Counselling in Urdu',
        description: 'Talking therapy in Urdu with women and men counsellors.',
        deliveryModes: ['InPerson'],
        languages: ['ur', 'en'],
        interpreterAvailable: false,
        communities: ['pakistani', 'muslim'],
        locationIds: [locationId],
        schedules: [
          { byDay: 'TU', opensAt: '10:00', closesAt: '12:00', note: 'Women only' },
          { byDay: 'TH', opensAt: '18:00', closesAt: '20:00' },
        ],
        serviceAreas: ['e8 3ab', 'E9'],
        contacts: [{ name: 'Nadia', title: 'Coordinator', phone: '020 7946 0991' }],
      },
    });
    serviceId = service.subjectId!;
    await approve(service.id!);
    // Its openings, the districts it serves and whom to ask are published in the open feed as HSDS has them.
    const feed = (await t.http().get(`/oruk/services/${serviceId}`)).body as Record<string, Array<Record<string, unknown>>>;
    expect(feed.schedules.map((x) => [x.freq, x.byday, x.opens_at, x.closes_at, x.description ?? null])).toEqual([
      ['WEEKLY', 'TU', '10:00', '12:00', 'Women only'],
      ['WEEKLY', 'TH', '18:00', '20:00', null],
    ]);
    expect(feed.service_areas.map((x) => x.name)).toEqual(['E8', 'E9']);
    expect(feed.contacts).toEqual([
      expect.objectContaining({ name: 'Nadia', title: 'Coordinator', phones: [expect.objectContaining({ number: '020 7946 0991' })] }),
    ]);

    const offering = await as('provider', PROPOSE_OFFERING, {
      input: {
        providerId: provider.id,
        serviceId,
        name: 'Six counselling sessions in Urdu',
        description: 'Weekly sessions with the same counsellor.',
        kind: 'SessionBlock',
        pricePence: 24000,
        priceUnit: 'OneOff',
        categoryCode: 'talking-and-complementary-therapies',
        available: true,
      },
    });
    offeringId = offering.subjectId!;
    expect((await search({ q: 'urdu' })).totalCount).toBe(0);
    await approve(offering.id!);
    // The public page a holder reads says when it runs and where it serves.
    const page = (await t.http().get(`/find-support/offerings/${offeringId}`)).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(page).toContain('When it runs Tuesday 10:00 to 12:00 (Women only); Thursday 18:00 to 20:00');
    expect(page).toContain('Areas it serves E8, E9');

    await eventually(async () => (await search({ q: 'councelling' })).totalCount === 1);
    const misspelt = await search({ q: 'councelling' });
    expect(misspelt.edges[0].node).toMatchObject({
      id: offeringId,
      name: 'Six counselling sessions in Urdu',
      price: { pence: 24000, formatted: '£240.00' },
      provider: { name: 'Urdu Listening Circle' },
    });

    const byLanguage = await search({ filter: { languages: ['ur'] } });
    expect(byLanguage.edges.map((e) => e.node.id)).toEqual([offeringId]);
    expect(byLanguage.facets.languages).toEqual(expect.arrayContaining([{ value: 'ur', label: 'Urdu', count: 1 }]));
    expect((await search({ filter: { languages: ['bn'] } })).totalCount).toBe(0);

    const near = await search({ filter: { near: { postcode: 'E8 1AA', radiusKm: 1 } }, orderBy: 'Distance' });
    expect(near.edges[0].node.id).toBe(offeringId);
    expect(near.edges[0].distanceKm).toBeLessThan(1);
    expect((await search({ filter: { near: { postcode: 'N7', radiusKm: 1 } } })).totalCount).toBe(0);

    // Within what is left in a budget.
    expect((await search({ filter: { maxPricePence: 23999 } })).totalCount).toBe(0);
    expect((await search({ filter: { maxPricePence: 24000 } })).totalCount).toBe(1);
  });

  it('keeps the live version when a change is rejected, and tells the provider why', async () => {
    const change = await as('provider', PROPOSE_OFFERING, {
      input: {
        providerId: provider.id,
        offeringId,
        serviceId,
        name: 'Six counselling sessions in Urdu',
        description: 'Now cheaper!',
        kind: 'SessionBlock',
        pricePence: 100,
        priceUnit: 'OneOff',
        categoryCode: 'talking-and-complementary-therapies',
        available: true,
      },
    });
    expect(
      await as('broker', REJECT, { id: change.id, reason: 'A price of £1 for six sessions looks like a typing mistake; please check it.' }),
    ).toMatchObject({ status: 'Rejected' });
    const mine = await t.gql<{ myListingChanges: Array<{ id: string; status: string; decisionReason: string | null }> }>(
      `query($p: ID!) { myListingChanges(providerId: $p) { id status decisionReason } }`,
      { p: provider.id },
      tokens.provider,
    );
    expect(mine.data?.myListingChanges.find((c) => c.id === change.id)).toMatchObject({
      status: 'Rejected',
      decisionReason: expect.stringContaining('typing mistake'),
    });
    const live = await t.gql<{ offering: { price: { pence: number } } }>(`{ offering(id: "${offeringId}") { price { pence } } }`);
    expect(live.data?.offering.price.pence).toBe(24000);
  });

  it('refuses moderation and listing by the wrong people, and double decisions', async () => {
    const change = await as('provider', PROPOSE_OFFERING, {
      input: {
        providerId: provider.id,
        serviceId,
        name: 'A single session',
        description: 'One session.',
        kind: 'Service',
        pricePence: 4500,
        priceUnit: 'PerSession',
        categoryCode: 'talking-and-complementary-therapies',
        available: true,
      },
    });
    for (const who of ['farBroker', 'holder', 'provider']) {
      const res = await t.gql(APPROVE, { id: change.id }, tokens[who]);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const foreign = await t.gql(
      PROPOSE_PROFILE,
      {
        input: {
          providerId: provider.id,
          description: 'Hijacked listing text',
          kind: 'Voluntary',
          livedExperienceLed: false,
          paymentMethods: [],
        },
      },
      tokens.otherProvider,
    );
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (
        await t.gql(PROPOSE_PROFILE, {
          input: {
            providerId: provider.id,
            description: 'Anonymous listing',
            kind: 'Voluntary',
            livedExperienceLed: false,
            paymentMethods: [],
          },
        })
      ).errors?.[0].extensions?.code,
    ).toBe('UNAUTHENTICATED');

    // A commissioner in the same area may moderate; a second decision is refused as a value.
    expect(await as('commissioner', APPROVE, { id: change.id })).toMatchObject({ status: 'Approved' });
    expect(await as('broker', APPROVE, { id: change.id })).toMatchObject({
      __typename: 'ListingChangeNotPendingError',
      errorCode: 'LISTING_CHANGE_NOT_PENDING',
    });
  });

  it('refuses references that are not live, and approvals out of order', async () => {
    const notMine = await as('otherProvider', PROPOSE_OFFERING, {
      input: {
        providerId: otherProvider.id,
        serviceId,
        name: 'Borrowed',
        description: 'Uses another provider’s service.',
        kind: 'Service',
        pricePence: 100,
        priceUnit: 'OneOff',
        categoryCode: 'advocacy',
        available: true,
      },
    });
    expect(notMine).toMatchObject({ __typename: 'ListingNotFoundError' });

    const location = await as('provider', PROPOSE_LOCATION, {
      input: {
        providerId: provider.id,
        name: 'New rooms',
        addressLine: '2 Mare Street',
        town: 'London',
        postcode: 'E8 4RP',
        accessibility: [],
      },
    });
    const service = await as('provider', PROPOSE_SERVICE, {
      input: {
        providerId: provider.id,
        name: 'Evening group',
        description: 'An evening group at the new rooms.',
        deliveryModes: ['InPerson'],
        languages: ['ur'],
        interpreterAvailable: false,
        communities: [],
        locationIds: [location.subjectId],
      },
    });
    expect(service).toMatchObject({ __typename: 'ListingNotFoundError' }); // its location is not live yet
    await approve(location.id!);
  });

  it('refuses openings that do not add up and areas that are not postcode districts, saying which', async () => {
    const [{ id: providerId }] = await t.dataSource.query(`SELECT organisation_id AS id FROM provider_profile LIMIT 1`);
    const bad = await t.gql(
      PROPOSE_SERVICE,
      {
        input: {
          providerId,
          name: 'Drop-in',
          description: 'A drop-in for anyone who wants company.',
          deliveryModes: ['InPerson'],
          languages: ['en'],
          interpreterAvailable: false,
          communities: [],
          locationIds: [],
          schedules: [{ byDay: 'MO', opensAt: '14:00', closesAt: '09:00' }],
          serviceAreas: ['nowhere'],
        },
      },
      tokens.provider,
    );
    const fields = (bad.errors?.[0]?.extensions?.fields ?? []) as Array<{ field: string }>;
    expect(fields.map((f) => f.field).sort()).toEqual(['schedules.0.opensAt', 'serviceAreas.0']);
  });

  it('refuses bad input with the field names, and changes nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM listing_change');
    const bad = await t.gql(
      PROPOSE_OFFERING,
      {
        input: {
          providerId: provider.id,
          serviceId,
          name: '',
          description: 'x',
          kind: 'Service',
          pricePence: -500,
          priceUnit: 'OneOff',
          categoryCode: 'gambling',
          available: true,
        },
      },
      tokens.provider,
    );
    expect(bad.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(bad.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual(['categoryCode', 'name', 'pricePence']);
    const badLanguage = await t.gql(
      PROPOSE_SERVICE,
      {
        input: {
          providerId: provider.id,
          name: 'X',
          description: 'A long enough description.',
          deliveryModes: ['InPerson'],
          languages: ['klingon'],
          interpreterAvailable: false,
          communities: [],
          locationIds: [],
        },
      },
      tokens.provider,
    );
    expect(badLanguage.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual(['languages']);
    const fractional = await t.gql(
      PROPOSE_OFFERING,
      {
        input: {
          providerId: provider.id,
          serviceId,
          name: 'N',
          description: 'D',
          kind: 'Service',
          pricePence: 12.5,
          priceUnit: 'OneOff',
          categoryCode: 'advocacy',
          available: true,
        },
      },
      tokens.provider,
    );
    expect(fractional.status).toBe(400); // GraphQL Int refuses 12.5 before any resolver runs
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM listing_change')).toEqual(before);
  });

  it('stores text as given, so script is data, never markup', async () => {
    const name = '<script>alert("x")</script> & Sons';
    const change = await as('provider', PROPOSE_OFFERING, {
      input: {
        providerId: provider.id,
        serviceId,
        name,
        description: 'Plain.',
        kind: 'Item',
        pricePence: 100,
        priceUnit: 'OneOff',
        categoryCode: 'arts-and-crafts',
        available: true,
      },
    });
    await approve(change.id!);
    const res = await t.gql<{ offering: { name: string } }>(`query($id: ID!) { offering(id: $id) { name } }`, { id: change.subjectId });
    expect(res.data?.offering.name).toBe(name);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an oversized page', { first: 500 }, 'VALIDATION_FAILED', 'first'],
    ['a negative budget', { filter: { maxPricePence: -1 } }, 'VALIDATION_FAILED', 'maxPricePence'],
    ['an unknown category', { filter: { categories: ['gambling'] } }, 'VALIDATION_FAILED', 'categories'],
    ['a radius of 500 km', { filter: { near: { postcode: 'E8', radiusKm: 500 } } }, 'VALIDATION_FAILED', 'radiusKm'],
    [
      'a place that is not a postcode',
      { filter: { near: { postcode: 'Hackney!', radiusKm: 2 } } },
      'VALIDATION_FAILED',
      'filter.near.postcode',
    ],
    ['an unknown district', { filter: { near: { postcode: 'ZE9', radiusKm: 2 } } }, 'VALIDATION_FAILED', 'filter.near.postcode'],
    ['near with neither point nor postcode', { filter: { near: { radiusKm: 2 } } }, 'VALIDATION_FAILED', 'filter.near'],
    ['distance order without a place', { orderBy: 'Distance' }, 'VALIDATION_FAILED', 'orderBy'],
    ['a forged cursor', { after: 'not-a-cursor' }, 'INVALID_CURSOR', 'after'],
  ])('answers %s with a clear error', async (_label, variables, code, field) => {
    const res = await t.gql(SEARCH, variables);
    expect(res.status).toBe(200);
    expect(res.errors?.[0].extensions?.code).toBe(code);
    expect(JSON.stringify(res.errors?.[0].extensions?.fields)).toContain(field);
  });

  it('answers an unknown id with null, and a malformed one with a validation error naming it', async () => {
    const unknown = await t.gql(`{ b: offering(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ b: null });
    const malformed = await t.gql(`{ a: offering(id: "not-a-uuid") { id } c: provider(id: "x") { id } }`);
    expect(malformed.status).toBe(400);
    expect(malformed.errors?.[0].extensions).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'id', message: expect.stringMatching(/must be an id/) }],
    });
  });

  it('pages through results with cursors', async () => {
    const page1 = await search({ first: 1, orderBy: 'Price' });
    expect(page1.totalCount).toBeGreaterThan(1);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await search({ first: 1, orderBy: 'Price', after: page1.pageInfo.endCursor });
    expect(page2.edges[0].node.id).not.toBe(page1.edges[0].node.id);
    expect(page2.edges[0].node.price.pence).toBeGreaterThanOrEqual(page1.edges[0].node.price.pence);
  });

  it('records every search anonymously as demand, zero-result searches included', async () => {
    await search({ q: 'african drumming for elders', filter: { near: { postcode: 'E8 3AB', radiusKm: 2 } } });
    const [row] = await t.dataSource.query(`SELECT * FROM search_demand WHERE terms = 'african drumming for elders'`);
    expect(row).toMatchObject({
      zero_results: true,
      result_count: 0,
      postcode_district: 'E8',
      source: 'graphql',
      filters: { radiusKm: 2 },
    });
    expect(Object.keys(row)).not.toEqual(expect.arrayContaining(['user_id']));
    expect(JSON.stringify(row)).not.toMatch(/51\.5|latitude/);
  });

  it('flags, then hides, listings not confirmed in time; confirming brings them back', async () => {
    const directory = worker.get(DirectoryService);
    await t.dataSource.query(`UPDATE service SET last_confirmed_at = now() - interval '200 days' WHERE id = $1`, [serviceId]);
    expect(await directory.sweepStale()).toEqual({ flagged: 1, hidden: 0 });
    await t.dataSource.query(`UPDATE service SET last_confirmed_at = now() - interval '300 days' WHERE id = $1`, [serviceId]);
    expect(await directory.sweepStale()).toEqual({ flagged: 0, hidden: 1 });
    // The provider's staff were told each step: the listing approved, going stale (with the day it hides), hidden.
    const told: Array<{ key: string; params: Record<string, string> }> = await t.dataSource.query(
      `SELECT DISTINCT n.key, n.params FROM notification n JOIN membership m ON m.user_id = n.user_id WHERE m.organisation_id = $1`,
      [provider.id],
    );
    expect(told.map((n) => n.key)).toEqual(expect.arrayContaining(['listing.approved', 'listing.stale', 'listing.hidden']));
    expect(told.find((n) => n.key === 'listing.stale')!.params.hideOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await directory.sweepStale()).toEqual({ flagged: 0, hidden: 0 });
    await eventually(async () => (await search({ filter: { languages: ['ur'] } })).totalCount === 0);
    expect((await t.gql<{ offering: unknown }>(`{ offering(id: "${offeringId}") { id } }`)).data?.offering).toBeNull();

    const confirmed = await as(
      'provider',
      `mutation($id: ID!) { confirmService(serviceId: $id) { __typename ... on ListingConfirmed { confirmedAt } } }`,
      { id: serviceId },
    );
    expect(confirmed.__typename).toBe('ListingConfirmed');
    await eventually(async () => (await search({ filter: { languages: ['ur'] } })).totalCount > 0);
  });

  it('lists the changes waiting for a moderator in their area, oldest first, a page at a time', async () => {
    const propose = (description: string) =>
      as('otherProvider', PROPOSE_PROFILE, {
        input: { providerId: otherProvider.id, description, kind: 'PeerLed', livedExperienceLed: true, paymentMethods: ['Invoice'] },
      });
    const older = await propose('A peer support group that meets on Tuesdays.');
    const newer = await propose('A peer support group that meets on Tuesdays and Fridays.');
    const QUEUE = `query($first: Int, $after: String) { pendingListingChanges(first: $first, after: $after) {
      totalCount edges { cursor node { id status submittedAt } } pageInfo { hasNextPage endCursor } } }`;
    type Queue = {
      pendingListingChanges: {
        totalCount: number;
        edges: Array<{ node: { id: string; status: string; submittedAt: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const page1 = await t.gql<Queue>(QUEUE, { first: 1 }, tokens.broker);
    expect(page1.errors).toBeUndefined();
    const queue = page1.data!.pendingListingChanges;
    expect(queue.edges).toHaveLength(1);
    expect(queue.pageInfo.hasNextPage).toBe(queue.totalCount > 1);
    const all = await t.gql<Queue>(QUEUE, { first: 50 }, tokens.broker);
    const ids = all.data!.pendingListingChanges.edges.map((e) => e.node.id);
    // The newer proposal supersedes the older one for the same listing; what waits is the newest version.
    expect(ids).toContain(newer.id);
    expect(ids).not.toContain(older.id);
    const times = all.data!.pendingListingChanges.edges.map((e) => e.node.submittedAt);
    expect([...times].sort()).toEqual(times);
    const page2 = await t.gql<Queue>(QUEUE, { first: 1, after: queue.pageInfo.endCursor }, tokens.broker);
    expect(page2.errors).toBeUndefined();
    // A moderator elsewhere sees none of this area's changes.
    const far = await t.gql<Queue>(QUEUE, { first: 50 }, tokens.farBroker);
    expect(far.errors).toBeUndefined();
    expect(far.data!.pendingListingChanges.edges.map((e) => e.node.id)).not.toContain(newer.id);
  });
});
