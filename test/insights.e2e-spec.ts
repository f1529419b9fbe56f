import { TransactionHost } from '@kinwell/database';
import { AreaFigures, InsightsService, refreshInsights } from '@kinwell/insights';
import { Money } from '@kinwell/kernel';
import { XMLValidator } from 'fast-xml-parser';
import { seedDemoData } from '@kinwell/demo';
import { createTestApp, TestApp } from '@kinwell/testing';

const GAPS = `query($a: ID!, $by: GapDimension!) { marketGaps(areaId: $a, by: $by) { gaps { key label score supply { value display } searches { display } zeroResultSearches { value display } planItems { display } declined { display } } unmetSearches { terms count { display } } } }`;
const ALL = `query($a: ID!) {
  timeliness(areaId: $a) { stages { stage cases { display } medianDays p90Days } approvedUnpaid { display } }
  spendInsights(areaId: $a) { fastTrackUptake { display } budgets { display } totalSpent { pence } meanBudget { pence } medianBudget { pence } distribution { label count { display } } byCategory { label share } mostUsedOfferings { name } }
  equityOfUptake(areaId: $a, by: Language) { withheld groups { label holders { display } declineRate } }
}`;

describe('commissioner insights', () => {
  let t: TestApp;
  let areaId: string;
  let token: string;

  const search = async (n: number, filters: Record<string, unknown>, terms: string | null, zero: boolean) => {
    for (let i = 0; i < n; i++) {
      await t.dataSource.query(
        `INSERT INTO search_demand (occurred_at, terms, filters, postcode_district, result_count, zero_results, source) VALUES (now(), $1, $2, 'E8', $3, $4, 'graphql')`,
        [terms, filters, zero ? 0 : 3, zero],
      );
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ INSIGHTS_MINIMUM_COHORT: '5' });
    await seedDemoData(t.app);
    [{ id: areaId }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'City and Hackney%'`,
    );
    token = await t.signIn('commissioner@kinwell.demo', 'kinwell-demo');
    // Start from no demand (the demo seeds its own search history) so the answer is known.
    await t.dataSource.query('DELETE FROM search_demand');
    // A constructed pattern with a known answer: many people look for Chinese-language support,
    // which no provider offers; a few look for Polish, which two services offer.
    await search(12, { languages: ['zh'] }, 'counselling in mandarin', true);
    await search(9, { languages: ['pl'] }, null, false);
    await search(3, { languages: ['ro'] }, 'romanian advice', true);
    // The worker refreshes the read models on a schedule; here, once, by hand.
    await refreshInsights(t.app.get(TransactionHost));
  });
  afterAll(() => t.close());

  it('ranks an unmet language first, with the parts of its score and the anonymous evidence', async () => {
    const res = await t.gql<{
      marketGaps: {
        gaps: Array<{
          key: string;
          label: string;
          score: number;
          supply: { value: number | null; display: string };
          zeroResultSearches: { display: string };
        }>;
        unmetSearches: Array<{ terms: string; count: { display: string } }>;
      };
    }>(GAPS, { a: areaId, by: 'Language' }, token);
    expect(res.errors).toBeUndefined();
    const [top] = res.data!.marketGaps.gaps;
    expect(top).toMatchObject({ key: 'zh', label: 'Chinese', supply: { value: 0, display: '0' }, zeroResultSearches: { display: '10' } });
    // Scored on the shown figures (12 rounds to 10), never the exact ones.
    expect(top.score).toBe(10 * 3 + 10);
    // Searches seen fewer than 8 times are evidence too weak to show and could point at someone.
    expect(res.data!.marketGaps.unmetSearches).toEqual([{ terms: 'counselling in mandarin', count: { display: '10' } }]);
    const romanian = res.data!.marketGaps.gaps.find((g) => g.key === 'ro')!;
    expect(romanian.zeroResultSearches.display).toBe('<8');
  });

  it('suppresses small numbers and withholds statistics over too few cases', async () => {
    const res = await t.gql<{
      timeliness: { stages: Array<{ cases: { display: string }; medianDays: number | null }> };
      spendInsights: { budgets: { display: string }; meanBudget: unknown };
      equityOfUptake: { withheld: boolean; groups: Array<{ label: string; holders: { display: string } }> };
    }>(ALL, { a: areaId }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.timeliness.stages[0]).toMatchObject({ cases: { display: '<8' }, medianDays: null });
    expect(res.data!.spendInsights).toMatchObject({ budgets: { display: '<8' }, meanBudget: null, fastTrackUptake: { display: '0' } });
    expect(res.data!.equityOfUptake).toEqual({
      withheld: false,
      // Nine holders speak English and one (Shirin) Urdu: the one is "<8", so the nine are hidden too, or 10 − 9 would give her away.
      groups: [
        { label: 'English', holders: { display: '*' }, declineRate: '*' },
        { label: 'Urdu', holders: { display: '<8' }, declineRate: '*' },
      ],
    });
  });

  it('gives gaps as CSV and as an SVG chart', async () => {
    const csv = await t.http().get(`/insights/${areaId}/gaps.csv?by=language`).set('authorization', `Bearer ${token}`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[1]).toBe('Chinese,40,0,10,10,0,0');
    const svg = await t
      .http()
      .get(`/insights/${areaId}/gaps.svg?by=language`)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body as string).toMatch(/^<svg[\s\S]*Chinese[\s\S]*<\/svg>$/);
    // The demo's suppressed counts ("<8") are in it: it still parses as XML.
    expect(svg.body as string).toContain('&#60;8');
    expect(XMLValidator.validate(svg.body as string)).toBe(true);
    expect((await t.http().get(`/insights/${areaId}/gaps.csv?by=postcode`).set('authorization', `Bearer ${token}`)).status).toBe(400);
  });

  it('is not stopped by an odd stored search (a filter stored as JSON null or a string), and stores none itself', async () => {
    await t.dataSource.query(
      `INSERT INTO search_demand (occurred_at, terms, filters, postcode_district, result_count, zero_results, source)
       VALUES (now(), 'odd', '{"categories": null, "languages": "ur", "communities": {"x": 1}}', 'E8', 0, true, 'graphql')`,
    );
    await refreshInsights(t.app.get(TransactionHost));
    for (const by of ['Category', 'Language', 'Community', 'DeliveryMode']) {
      const res = await t.gql(GAPS, { a: areaId, by }, token);
      expect([by, res.errors]).toEqual([by, undefined]);
    }
    await t.gql(`{ searchOfferings(query: "oddly specific", filter: { categories: null, languages: [] }) { totalCount } }`);
    const [stored] = await t.dataSource.query(`SELECT filters FROM search_demand WHERE terms = 'oddly specific'`);
    expect(stored.filters).toEqual({});
  });

  it('answers only commissioners of the area', async () => {
    for (const email of ['broker@kinwell.demo', 'holder@kinwell.demo', 'coordinator@kinwell.demo', 'provider@kinwell.demo']) {
      const other = await t.signIn(email, 'kinwell-demo');
      expect((await t.gql(GAPS, { a: areaId, by: 'Category' }, other)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const [{ id: otherArea }] = await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'commissioner' AND id <> $1`, [areaId]);
    expect((await t.gql(GAPS, { a: otherArea, by: 'Category' }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.http().get(`/insights/${areaId}/gaps.csv`)).status).toBe(401);
  });

  it('never returns anything about a person, whatever is asked', async () => {
    const people: Array<{ id: string; email: string; display_name: string }> = await t.dataSource.query(
      `SELECT id, email, display_name FROM app_user`,
    );
    const holders: Array<{ id: string; preferred_name: string }> = await t.dataSource.query('SELECT id, preferred_name FROM holder');
    const responses = [
      JSON.stringify(await t.gql(ALL, { a: areaId }, token)),
      ...(await Promise.all(
        ['Category', 'Language', 'Community'].map((by) => t.gql(GAPS, { a: areaId, by }, token).then((r) => JSON.stringify(r))),
      )),
    ].join('\n');
    for (const p of people) {
      expect(responses).not.toContain(p.id);
      expect(responses).not.toContain(p.email);
    }
    for (const h of holders) {
      expect(responses).not.toContain(h.id);
      expect(responses).not.toContain(`"${h.preferred_name}"`);
    }
  });

  it('sets uptake beside the population a commissioner uploads, and withholds breakdowns nobody has declared', async () => {
    const upload = (csv: string) =>
      t.gql<{ uploadAreaPopulation: number }>(
        `mutation($a: ID!, $c: String!) { uploadAreaPopulation(areaId: $a, by: Language, csv: $c) }`,
        { a: areaId, c: csv },
        token,
      );
    expect((await upload('group,population\nen,200000\nur,15000\nbn,oops')).errors?.[0].extensions?.fields).toEqual([
      // Lines as numbered in the file, header included.
      { field: 'csv.line4', message: 'Line 4: write "group,whole number"' },
    ]);
    expect((await upload('group,population\nen,200000\nur,15000\n')).data?.uploadAreaPopulation).toBe(2);
    const equity = await t.gql<{
      equityOfUptake: { groups: Array<{ label: string; shareOfHolders: string; shareOfPopulation: string | null }> };
    }>(
      `query($a: ID!) { equityOfUptake(areaId: $a, by: Language) { groups { label shareOfHolders shareOfPopulation } } }`,
      { a: areaId },
      token,
    );
    expect(equity.data!.equityOfUptake.groups).toEqual([
      { label: 'English', shareOfHolders: '*', shareOfPopulation: '93%' },
      { label: 'Urdu', shareOfHolders: '*', shareOfPopulation: '7%' },
    ]);
    const gender = await t.gql<{ equityOfUptake: { withheld: boolean; groups: unknown[] } }>(
      `query($a: ID!) { equityOfUptake(areaId: $a, by: Gender) { withheld groups { label } } }`,
      { a: areaId },
      token,
    );
    expect(gender.data!.equityOfUptake).toEqual({ withheld: true, groups: [] });
  });

  it('draws the gap matrix and timeliness over time as SVG', async () => {
    const svg = (path: string) =>
      t
        .http()
        .get(`/insights/${areaId}/${path}`)
        .set('authorization', `Bearer ${token}`)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done(null, text));
        });
    const matrix = await svg('gap-matrix.svg');
    expect(matrix.status).toBe(200);
    expect(matrix.body as string).toMatch(/^<svg[\s\S]*Talking and complementary therapies[\s\S]*Urdu[\s\S]*<\/svg>$/);
    const timeliness = await svg('timeliness.svg');
    expect(timeliness.body as string).toMatch(/^<svg[\s\S]*Median days from referral to first decision[\s\S]*<\/svg>$/);
    // One demo plan has a decision: too few cases to plot, so its month shows only as withheld.
    expect(timeliness.body as string).not.toContain('<circle');
  });

  it('shows uptake by the census ethnic groups, five and nineteen, apart from communities, over every holder in the area', async () => {
    const [{ broker }] = await t.dataSource.query(
      `SELECT id AS broker FROM organisation WHERE kind = 'broker' AND commissioner_id = $1 LIMIT 1`,
      [areaId],
    );
    const ethnicities = [
      ...Array<string>(12).fill('asian-pakistani'),
      ...Array<string>(6).fill('black-african'),
      ...Array<string>(6).fill('white-irish'),
    ];
    for (const ethnicity of ethnicities)
      await t.dataSource.query(
        `INSERT INTO holder (id, preferred_name, languages, communities, equity_reporting_consent, ethnicity, commissioner_id, broker_organisation_id)
         VALUES (gen_random_uuid(), 'H', '{en}', '{}', true, $1, $2, $3)`,
        [ethnicity, areaId, broker],
      );
    // Declared without consent: never counted in a group.
    await t.dataSource.query(
      `INSERT INTO holder (id, preferred_name, languages, communities, equity_reporting_consent, ethnicity, commissioner_id, broker_organisation_id)
       VALUES (gen_random_uuid(), 'H', '{en}', '{}', false, 'other-arab', $1, $2)`,
      [areaId, broker],
    );
    const equity = async (by: string) =>
      (
        await t.gql<{
          equityOfUptake: { withheld: boolean; groups: Array<{ label: string; holders: { display: string }; shareOfHolders: string }> };
        }>(
          `query($a: ID!, $by: EquityDimension!) { equityOfUptake(areaId: $a, by: $by) { withheld groups { label holders { display } shareOfHolders } } }`,
          { a: areaId, by },
          token,
        )
      ).data!.equityOfUptake;
    const [{ n: all }] = await t.dataSource.query('SELECT count(*)::int AS n FROM holder WHERE commissioner_id = $1', [areaId]);
    const five = await equity('EthnicGroup');
    expect(five.withheld).toBe(false);
    const labels = five.groups.map((g) => g.label);
    expect(labels).toEqual([
      'Asian, Asian British or Asian Welsh',
      'Black, Black British, Black Welsh, Caribbean or African',
      // In the census order, everyone else last.
      'White',
      'Not declared',
    ]);
    const asian = five.groups[0];
    expect(asian.holders.display).toBe('10');
    // Of every holder in the area, from the counts as shown.
    const shownAll = Math.round(all / 5) * 5;
    expect(asian.shareOfHolders).toBe(`${Math.round((10 / shownAll) * 100)}%`);
    for (const g of [five.groups[1], five.groups[2]]) expect(['<8', '*']).toContain(g.holders.display);
    const nineteen = await equity('Ethnicity');
    expect(nineteen.groups.map((g) => g.label)).toEqual(['Pakistani', 'African', 'Irish', 'Not declared']);
    expect(nineteen.groups[0].holders.display).toBe('10');
    // A census code Kinwell does not know is refused by name.
    const bad = await t.gql(
      `mutation($i: HolderInput!) { createHolder(input: $i) { id } }`,
      {
        i: {
          preferredName: 'X',
          languages: ['en'],
          communities: [],
          equityReportingConsent: true,
          ethnicity: 'martian',
          brokerOrganisationId: broker,
        },
      },
      await t.signIn('broker@kinwell.demo', 'kinwell-demo'),
    );
    expect(JSON.stringify(bad.errors)).toContain('ethnicity');
  });

  it('works out every figure of an area at one moment, reads them back as they were made, and works out again what a population upload changes', async () => {
    const figures = t.app.get(AreaFigures);
    const live = t.app.get(InsightsService);
    await refreshInsights(t.app.get(TransactionHost));
    await figures.compute(areaId);
    const stored: Array<{ figure: string; computed_at: Date }> = await t.dataSource.query(
      'SELECT figure, computed_at FROM insight_snapshot WHERE commissioner_id = $1 ORDER BY figure',
      [areaId],
    );
    expect(stored.map((s) => s.figure)).toEqual([
      'decisions',
      'equity:age_band',
      'equity:community',
      'equity:ethnic_group',
      'equity:ethnicity',
      'equity:gender',
      'equity:language',
      'gaps:category',
      'gaps:community',
      'gaps:delivery',
      'gaps:district',
      'gaps:language',
      'matrix',
      'outcomes',
      'overview',
      'spend',
      'timeliness',
    ]);
    expect(new Set(stored.map((s) => s.computed_at.getTime())).size).toBe(1);
    // Read back with money as money, moments as moments and maps as maps, equal to the figures made now.
    const spend = await figures.spend(areaId);
    expect(spend.asOf.live).toEqual(stored[0].computed_at);
    expect(spend.totalSpent).toBeInstanceOf(Money);
    const { asOf: _stored, ...spendFigures } = spend;
    const { asOf: _now, ...spendNow } = await live.spend(areaId);
    expect(spendFigures).toEqual(spendNow);
    const matrix = await figures.matrix(areaId);
    expect(matrix.cells).toBeInstanceOf(Map);
    expect(matrix.cells).toEqual((await live.supplyMatrix(areaId)).cells);
    expect((await figures.gaps(areaId, 'language')).gaps).toEqual((await live.marketGaps(areaId, 'language')).gaps);

    // A new population drops the uptake figures of that breakdown alone; the next read works them out with it.
    await live.uploadPopulation(areaId, 'gender', 'female,60000\nmale,50000\n');
    const left: Array<{ figure: string }> = await t.dataSource.query(
      `SELECT figure FROM insight_snapshot WHERE commissioner_id = $1 AND figure LIKE 'equity:%' ORDER BY figure`,
      [areaId],
    );
    expect(left.map((r) => r.figure)).not.toContain('equity:gender');
    expect(left).toHaveLength(5);
    const gender = await figures.equity(areaId, 'gender');
    expect(gender.populationUploadedAt).toBeInstanceOf(Date);
    expect(gender.asOf.live.getTime()).toBeGreaterThan(stored[0].computed_at.getTime());
  });
});
