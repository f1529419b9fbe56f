import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { approvedItems, ApprovedItems, createTestApp, makeUser, TestApp } from '@kinwell/testing';
import { DEV_JWT_SECRET } from '@kinwell/config';
import { Role } from '@kinwell/identity';

const SOME_ID = '3f2c7a5e-1b2d-4c3e-9f40-2a6b8c9d0e1f';
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'caf\uD800e';

/** Row counts of the tables a bad request could touch: none may move. */
async function footprint(ds: DataSource): Promise<Record<string, number>> {
  const tables = [
    'holder',
    'holder_representative',
    'budget',
    'budget_movement',
    'support_plan',
    'plan_goal',
    'plan_item',
    'plan_review',
    'listing_change',
    'search_demand',
    'receipt',
    'reported_spend',
    'statement_period',
    'audit_log',
    'outbox_event',
  ];
  const rows: Array<{ t: string; n: number }> = await ds.query(
    tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t}`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

/**
 * The edge of the API, one class of bad input or abuse per block, as the December review sent
 * them: each is a 4xx with its own code, fields named, nothing written, and no error-level log.
 */
describe('hardening: bad input and abuse are refused at the edge and change nothing', () => {
  let t: TestApp;
  let f: ApprovedItems;
  const logs: Array<{ level: number; msg?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'debug' }, sink);
    f = await approvedItems(t, 100_000, [10_000, 5_000]);
  });
  afterAll(() => t.close());
  beforeEach(() => (logs.length = 0));
  afterEach(() => expect(logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]));

  describe('query cost limits', () => {
    const nested = (levels: number) => {
      let q = 'id';
      for (let i = 0; i < levels; i++) q = `offerings { service { ${q} } }`;
      return `{ provider(id: "${SOME_ID}") { services { ${q} } } }`;
    };

    it('refuses a thirty-level query before running it, and keeps answering /health meanwhile', async () => {
      const [refused, health] = await Promise.all([
        t
          .http()
          .post('/graphql')
          .send({ query: nested(30) }),
        t.http().get('/health'),
      ]);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]).toMatchObject({
        message: expect.stringContaining('nested too deeply: at most 10 levels'),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
      expect(refused.body.data).toBeUndefined();
      expect(health.status).toBe(200);
    });

    it('prices lists by their length: a shallow query that fans out is refused with its cost', async () => {
      const res = await t
        .http()
        .post('/graphql')
        .send({ query: `{ searchOfferings(first: 100) { edges { node { service { offerings { service { offerings { id } } } } } } } }` });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: expect.any(Number), maxCost: 10_000 });
      expect(res.body.errors[0].extensions.cost).toBeGreaterThan(10_000);
    });

    it('refuses more than twenty aliases, so one request cannot be a thousand searches', async () => {
      const aliases = (n: number) =>
        `{ ${Array.from({ length: n }, (_, i) => `a${i}: searchOfferings(query: "yoga") { totalCount }`).join(' ')} }`;
      const before = await footprint(t.dataSource);
      const hundred = await t
        .http()
        .post('/graphql')
        .send({ query: aliases(100) });
      expect(hundred.status).toBe(400);
      expect(hundred.body.errors[0].message).toContain('too many aliases');
      // A thousand are over the token limit before they are even parsed.
      const thousand = await t
        .http()
        .post('/graphql')
        .send({ query: aliases(1000) });
      expect(thousand.status).toBe(400);
      expect(await footprint(t.dataSource)).toEqual(before);
    });

    it('refuses a document of thousands of tokens while parsing it', async () => {
      const res = await t
        .http()
        .post('/graphql')
        .send({ query: `{ me { ${'id '.repeat(6000)} } }` });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  describe('text, ids and dates, checked once for every argument', () => {
    const holderInput = (over: Record<string, unknown> = {}) => ({
      brokerOrganisationId: SOME_ID,
      preferredName: 'Sam',
      languages: ['en'],
      communities: [],
      equityReportingConsent: false,
      ...over,
    });
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      [
        'a NUL in a goal',
        `mutation($p: ID!, $t: String!) { addGoal(planId: $p, text: $t) { __typename } }`,
        { p: SOME_ID, t: NUL },
        'text',
      ],
      [
        'a lone surrogate in a goal',
        `mutation($p: ID!, $t: String!) { addGoal(planId: $p, text: $t) { __typename } }`,
        { p: SOME_ID, t: LONE_SURROGATE },
        'text',
      ],
      [
        'a NUL in a holder’s name',
        `mutation($i: HolderInput!) { createHolder(input: $i) { id } }`,
        { i: holderInput({ preferredName: NUL }) },
        'input.preferredName',
      ],
      [
        'a NUL in a language list',
        `mutation($i: HolderInput!) { createHolder(input: $i) { id } }`,
        { i: holderInput({ languages: ['en', NUL] }) },
        'input.languages.1',
      ],
      [
        'a NUL in a budget note',
        `mutation($i: BudgetInput!) { openBudget(input: $i) { id } }`,
        {
          i: {
            holderId: SOME_ID,
            kind: 'ThirdParty',
            periodStart: '2026-04-01',
            periodEnd: '2027-03-31',
            allocationPence: 100,
            allocationNote: `Panel ${NUL}`,
            allocationLines: [],
          },
        },
        'input.allocationNote',
      ],
      [
        'a NUL in a provider profile',
        `mutation($i: ProviderProfileInput!) { proposeProviderProfile(input: $i) { __typename } }`,
        { i: { providerId: SOME_ID, description: NUL, kind: 'PeerLed', livedExperienceLed: true, paymentMethods: [] } },
        'input.description',
      ],
      [
        'a NUL in an email signing in',
        `mutation($e: String!) { signIn(email: $e, password: "x") { __typename } }`,
        { e: `a${NUL}@example.org` },
        'email',
      ],
      ['a NUL in a search', `query($q: String) { searchOfferings(query: $q) { totalCount } }`, { q: NUL }, 'query'],
      ['a malformed item id', `mutation { resubmitPlanItem(itemId: "x") { __typename } }`, {}, 'itemId'],
      ['a malformed review id', `mutation { completeReview(reviewId: "x", outcomes: []) { __typename } }`, {}, 'reviewId'],
      [
        'a malformed id in an outcome',
        `mutation($o: [GoalOutcomeInput!]!) { completeReview(reviewId: "${SOME_ID}", outcomes: $o) { __typename } }`,
        { o: [{ goalId: 'nope', rating: 3 }] },
        'outcomes.0.goalId',
      ],
      ['malformed plan ids', `mutation { createPlan(holderId: "1", budgetId: "2") { id } }`, {}, 'holderId'],
      [
        'a malformed representative',
        `mutation { addRepresentative(holderId: "${SOME_ID}", userId: "me", relationship: Carer) }`,
        {},
        'userId',
      ],
      [
        'a malformed item on a direct payment',
        `mutation { reportDirectPaymentSpend(planId: "${SOME_ID}", itemId: "x", amountPence: 100, merchantName: "Argos", occurredOn: "2026-11-02") }`,
        {},
        'itemId',
      ],
    ];

    it.each(cases)('refuses %s with a 400 naming the field', async (_label, query, variables, field) => {
      const before = await footprint(t.dataSource);
      const res = await t.gql(query, variables, f.brokerToken);
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      expect(res.errors?.[0].extensions?.fields?.map((p) => p.field)).toContain(field);
      expect(await footprint(t.dataSource)).toEqual(before);
    });

    it.each([
      ['a day that does not exist', `mutation { closeStatementPeriod(planId: "${SOME_ID}", periodEnd: "2024-02-30") { periodEnd } }`, {}],
      [
        '31 April',
        `mutation($d: Date!) { reportDirectPaymentSpend(planId: "${SOME_ID}", itemId: "${SOME_ID}", amountPence: 100, merchantName: "Argos", occurredOn: $d) }`,
        { d: '2026-04-31' },
      ],
      [
        'a referral that is not a date',
        `mutation($d: DateTime) { createPlan(holderId: "${SOME_ID}", budgetId: "${SOME_ID}", referralAt: $d) { id } }`,
        { d: 'not a date' },
      ],
      [
        'a budget period on 30 February',
        `mutation($i: BudgetInput!) { openBudget(input: $i) { id } }`,
        {
          i: {
            holderId: SOME_ID,
            kind: 'ThirdParty',
            periodStart: '2027-02-30',
            periodEnd: '2028-01-31',
            allocationPence: 100,
            allocationNote: 'Panel decision',
            allocationLines: [],
          },
        },
      ],
    ])('refuses %s before any resolver runs', async (_label, query, variables) => {
      const before = await footprint(t.dataSource);
      const res = await t.gql(query, variables, f.brokerToken);
      expect(res.status).toBe(400);
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(res.errors?.[0].extensions?.code);
      expect(res.errors?.[0].message).toMatch(/must be a date/);
      expect(await footprint(t.dataSource)).toEqual(before);
    });

    it('checks the open feed and REST paths the same way', async () => {
      const nul = await t.http().get('/oruk/services?search=%00');
      expect(nul.status).toBe(400);
      expect(nul.body.error.fields).toEqual([{ field: 'search', message: 'must be plain text, without control characters' }]);
      expect((await t.http().get('/oruk/services?modified_after=2026-04-31')).status).toBe(400);
      const statement = await t.http().get('/statements/x.csv').set('authorization', `Bearer ${f.brokerToken}`);
      expect(statement.status).toBe(400);
      expect(statement.body.error.fields).toEqual([{ field: 'planId', message: 'must be an id Kinwell gave' }]);
    });

    it('no longer binds any account to a holder record: createHolder takes no user, and an invitation is the way', async () => {
      const [broker] = await t.dataSource.query(
        `SELECT broker_organisation_id AS id, user_id FROM holder WHERE user_id IS NOT NULL LIMIT 1`,
      );
      const res = await t.gql(
        `mutation($i: HolderInput!) { createHolder(input: $i) { id } }`,
        { i: { ...holderInput({ brokerOrganisationId: broker.id }), userId: broker.user_id } },
        f.brokerToken,
      );
      expect(res.status).toBe(400);
      expect(res.errors?.[0].message).toMatch(/userId.*not defined/);
    });
  });

  describe('client errors are not server errors', () => {
    it('answers a subscription with 400 OPERATION_NOT_SUPPORTED', async () => {
      const res = await t.http().post('/graphql').send({ query: 'subscription { anything }' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('OPERATION_NOT_SUPPORTED');
    });

    it('answers a persisted-query hash with 400, whether or not it matches the query', async () => {
      for (const extensions of [{ persistedQuery: { version: 1, sha256Hash: 'abc' } }]) {
        const withQuery = await t.http().post('/graphql').send({ query: '{ directoryVocabulary { categories { code } } }', extensions });
        const hashOnly = await t.http().post('/graphql').send({ extensions });
        for (const res of [withQuery, hashOnly]) {
          expect(res.status).toBe(400);
          expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
        }
      }
    });

    it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE, in the GraphQL shape on /graphql', async () => {
      const res = await t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ query: '{ me { id } }', variables: { x: 'a'.repeat(200_000) } }));
      expect(res.status).toBe(413);
      expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      const broken = await t.http().post('/graphql').set('content-type', 'application/json').send('{"query": ');
      expect(broken.status).toBe(400);
      expect(broken.body.errors[0]).toEqual({ message: 'The request body is not well-formed JSON.', extensions: { code: 'BAD_REQUEST' } });
    });

    it('logs them below error level', async () => {
      await t.http().post('/graphql').send({ query: 'subscription { anything }' });
      await t.http().post('/graphql').send({ query: '{ offering(id: "x") { id } }' });
      const debug = logs.filter((l) => l.level === 20).map((l) => l.msg);
      expect(debug).toEqual(
        expect.arrayContaining([expect.stringContaining('OPERATION_NOT_SUPPORTED'), expect.stringContaining('VALIDATION_FAILED')]),
      );
    });
  });

  describe('receipts', () => {
    let spend: string | undefined;
    /** The direct payment of the second item: a spend a receipt can belong to. */
    const spendRef = async () => {
      if (!spend) {
        const paid = await t.gql(
          `mutation($i: ID!) { payDirect(itemId: $i, paymentReference: "BACS-1") { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
          { i: f.itemIds[1] },
          f.brokerToken,
        );
        expect(paid.errors).toBeUndefined();
        [{ id: spend }] = await t.dataSource.query(`SELECT id::text FROM budget_movement WHERE reference_id = $1 AND kind = 'spend'`, [
          f.itemIds[1],
        ]);
      }
      return spend!;
    };
    const jpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 1)]);
    const upload = (token: string, ref: string, file: Buffer) =>
      t
        .http()
        .post(`/plans/${f.planId}/receipts`)
        .set('authorization', `Bearer ${token}`)
        .field('spendRef', ref)
        .attach('receipt', file, { filename: 'receipt.jpg', contentType: 'image/jpeg' });

    it('takes a 4 MB photo as a multipart upload', async () => {
      const res = await upload(f.brokerToken, await spendRef(), jpeg(4 * 1024 * 1024));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), contentType: 'image/jpeg', sizeBytes: 4 * 1024 * 1024 });
    });

    it('refuses a file over 5 MB with 413, and a file that is not a receipt with 400, storing nothing', async () => {
      const ref = await spendRef();
      const before = await footprint(t.dataSource);
      const big = await upload(f.brokerToken, ref, jpeg(5 * 1024 * 1024 + 1));
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const text = await t
        .http()
        .post(`/plans/${f.planId}/receipts`)
        .set('authorization', `Bearer ${f.brokerToken}`)
        .field('spendRef', ref)
        .attach('receipt', Buffer.from('hello'), 'note.txt');
      expect(text.status).toBe(400);
      expect(text.body.error.fields[0].field).toBe('content');
      const none = await t
        .http()
        .post(`/plans/${f.planId}/receipts`)
        .set('authorization', `Bearer ${f.brokerToken}`)
        .field('spendRef', ref);
      expect(none.body.error.fields).toEqual([{ field: 'receipt', message: expect.any(String) }]);
      expect(await footprint(t.dataSource)).toEqual(before);
    });

    it('refuses a receipt from someone who may only read the plan', async () => {
      const ref = await spendRef();
      const before = await footprint(t.dataSource);
      const res = await upload(f.readOnlyToken, ref, jpeg(1024));
      expect(res.status).toBe(403);
      const small = await t.gql(
        `mutation($p: ID!, $s: String!, $c: String!) { attachReceipt(planId: $p, spendRef: $s, contentBase64: $c) }`,
        { p: f.planId, s: ref, c: jpeg(64).toString('base64') },
        f.readOnlyToken,
      );
      expect(small.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await footprint(t.dataSource)).toEqual(before);
    });
  });

  describe('access gaps', () => {
    it('refuses a top-up from a commissioner, who never sees a person, and leaves the budget as it was', async () => {
      const before = await footprint(t.dataSource);
      const res = await t.gql(
        `mutation($p: ID!) { topUpBudget(planId: $p, amountPence: 500, reason: "Crisis support", idempotencyKey: "c-1") { __typename } }`,
        { p: f.planId },
        f.commissionerToken,
      );
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await footprint(t.dataSource)).toEqual(before);
    });

    it('tells a stranger nothing about a plan’s signature policy', async () => {
      const stranger = await makeUser(t.dataSource, {
        memberships: [
          {
            organisationId: (await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'broker' LIMIT 1`))[0].id,
            role: Role.Holder,
          },
        ],
      });
      const res = await t.gql(
        `mutation($p: ID!) { signPlan(planId: $p) { __typename ... on ErrorResult { message } } }`,
        { p: f.planId },
        await t.signIn(stranger.email),
      );
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(res)).not.toMatch(/signed by/);
    });
  });
});

describe('hardening: rate limits per client and per person, and the demand log', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '8', RATE_LIMIT_PERSON_PER_MINUTE: '3', DEMAND_PER_CLIENT_PER_HOUR: '2' })),
  );
  afterAll(() => t.close());

  it('limits one person, whatever they send, before other people from the same address', async () => {
    const [a, b] = [await makeUser(t.dataSource), await makeUser(t.dataSource)];
    const [ta, tb] = [await t.signIn(a.email), await t.signIn(b.email)];
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.gql(`{ me { id } }`, {}, ta)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.http().post('/graphql').set('authorization', `Bearer ${ta}`).send({ query: '{ me { id } }' });
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.gql(`{ me { id } }`, {}, tb)).status).toBe(200);
  });

  it('limits a client address across everything it sends, even queries that do not parse; never the health check or the card webhook', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http().post('/graphql').send({ query: '{ nonsense' })).status);
    expect(statuses.at(-1)).toBe(429);
    expect((await t.http().get('/health')).status).toBe(200);
    expect((await t.http().post('/webhooks/stripe').send({})).status).not.toBe(429);
  });
});

describe('hardening: one client cannot steer the demand figures', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ DEMAND_PER_CLIENT_PER_HOUR: '3' })));
  afterAll(() => t.close());

  it('logs one search per request however many aliases it has, and at most a few an hour per address', async () => {
    const demand = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM search_demand'))[0].n as number;
    const aliased = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: searchOfferings(query: "sewing") { totalCount }`).join(' ')} }`;
    const res = await t.gql(aliased);
    expect(res.errors).toBeUndefined();
    expect(await demand()).toBe(1);
    for (let i = 0; i < 5; i++)
      expect((await t.gql(`{ searchOfferings(query: "urdu counselling") { totalCount } }`)).errors).toBeUndefined();
    expect(await demand()).toBe(3);
  });
});

describe('hardening: the real process refuses the development secrets outside development on loopback', () => {
  const start = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      // The API's own entry point, as `npm start` runs it, in a process of its own.
      const child = spawn(process.execPath, [resolve('libs/testing/src/run-ts.js'), resolve('apps/api/src/main.ts')], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => done({ code, stderr }));
    });

  it.each([
    [
      'production with the development JWT secret',
      {
        NODE_ENV: 'production',
        JWT_SECRET: DEV_JWT_SECRET,
        DATABASE_URL: 'postgres://k:k@127.0.0.1:1/k',
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      },
      /JWT_SECRET: the development secret is published/,
    ],
    [
      'development listening on every interface',
      { NODE_ENV: 'development', HOST: '0.0.0.0' },
      /JWT_SECRET: required when listening on 0\.0\.0\.0[\s\S]*SANDBOX_WEBHOOK_SECRET/,
    ],
  ])('exits before starting anything: %s', async (_label, env, message) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Kinwell cannot start');
  });
});

describe('hardening: in production the schema is not handed to strangers', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await createTestApp({
        NODE_ENV: 'production',
        JWT_SECRET: 'p'.repeat(48),
        STRIPE_SECRET_KEY: 'sk_test_kinwell',
        STRIPE_WEBHOOK_SECRET: 'whsec_kinwell_production_test',
        STRIPE_API_BASE: 'http://127.0.0.1:9',
      })),
  );
  afterAll(() => t.close());

  it('refuses introspection and gives no "did you mean" hints', async () => {
    const introspection = await t.http().post('/graphql').send({ query: '{ __schema { types { name } } }' });
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors[0].message).toMatch(/introspection is not allowed/i);
    const typo = await t.http().post('/graphql').send({ query: '{ directoryVocabular { categories { code } } }' });
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
    const answered = await t.http().post('/graphql').send({ query: '{ directoryVocabulary { categories { code } } }' });
    expect(answered.body.data.directoryVocabulary.categories.length).toBeGreaterThan(0);
  });
});
