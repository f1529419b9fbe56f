import { TransactionHost } from '@kinwell/database';
import { refreshInsights } from '@kinwell/insights';
import { seedDemoData } from '@kinwell/demo';
import { createTestApp, TestApp } from '@kinwell/testing';

// What a commissioner sees on signing in to the demo, under the default disclosure rules.
const VIEW = `query($a: ID!) {
  language: marketGaps(areaId: $a, by: Language) { gaps { key label score supply { display } zeroResultSearches { display } } unmetSearches { terms count { display } } }
  category: marketGaps(areaId: $a, by: Category) { gaps { key } }
  equityOfUptake(areaId: $a, by: Language) { withheld groups { label } }
  timeliness(areaId: $a) { stages { cases { display } medianDays } }
}`;

interface View {
  language: {
    gaps: Array<{ key: string; label: string; score: number; supply: { display: string }; zeroResultSearches: { display: string } }>;
    unmetSearches: Array<{ terms: string; count: { display: string } }>;
  };
  category: { gaps: Array<{ key: string }> };
  equityOfUptake: { withheld: boolean; groups: unknown[] };
  timeliness: { stages: Array<{ cases: { display: string }; medianDays: number | null }> };
}

describe('the demo area as a commissioner sees it', () => {
  let t: TestApp;
  let areaId: string;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    [{ id: areaId }] = await t.dataSource.query(
      `SELECT id FROM organisation WHERE kind = 'commissioner' AND name LIKE 'City and Hackney%'`,
    );
    await refreshInsights(t.app.get(TransactionHost));
    token = await t.signIn('commissioner@kinwell.demo', 'kinwell-demo');
  });
  afterAll(() => t.close());

  it('shows ranked gaps with their evidence, and small numbers suppressed', async () => {
    const res = await t.gql<View>(VIEW, { a: areaId }, token);
    expect(res.errors).toBeUndefined();
    const view = res.data!;
    expect(view.language.gaps.slice(0, 2).map((g) => [g.label, g.supply.display, g.zeroResultSearches.display])).toEqual([
      ['Chinese', '0', '20'],
      ['Arabic', '0', '10'],
    ]);
    // Five Gujarati searches found nothing: counted in the ranking, but shown only as "<8"...
    expect(view.language.gaps.find((g) => g.key === 'gu')!.zeroResultSearches.display).toBe('<8');
    // ...and their words are too rare to show as evidence.
    expect(view.language.unmetSearches).toEqual([
      { terms: 'counselling in mandarin', count: { display: '15' } },
      { terms: 'arabic speaking counsellor', count: { display: '10' } },
      { terms: 'chinese community group', count: { display: '10' } },
    ]);
    // One personal-assistance offering for many searches; then the laptop the plan asks for outside the directory, counted as the kind of thing it is.
    expect(view.category.gaps.slice(0, 2).map((g) => g.key)).toEqual(['personal-assistance', 'technical-and-computer-equipment']);
    // Ten demo holders are below the minimum cohort of 20, and one decided plan is below 8.
    expect(view.equityOfUptake).toEqual({ withheld: true, groups: [] });
    expect(view.timeliness.stages[1]).toEqual({ cases: { display: '<8' }, medianDays: null });
  });

  it('breaks gaps down by postcode district and by delivery mode', async () => {
    const res = await t.gql<{
      district: { gaps: Array<{ key: string; label: string; supply: { display: string }; searches: { display: string } }> };
      delivery: { gaps: Array<{ key: string; label: string; supply: { display: string } }> };
    }>(
      `query($a: ID!) {
        district: marketGaps(areaId: $a, by: District) { gaps { key label supply { display } searches { display } } }
        delivery: marketGaps(areaId: $a, by: DeliveryMode) { gaps { key label supply { display } } }
      }`,
      { a: areaId },
      token,
    );
    expect(res.errors).toBeUndefined();
    const { district, delivery } = res.data!;
    // Every district with demand appears, the one with least supply per search first.
    expect(district.gaps.map((g) => g.key).sort()).toEqual(['E1', 'E5', 'E8', 'N16']);
    expect(district.gaps[0]).toEqual({ key: 'N16', label: 'N16', supply: { display: '10' }, searches: { display: '25' } });
    expect(delivery.gaps.map((g) => g.label)).toContain('At home');
  });

  it('exports the gaps as CSV', async () => {
    const csv = await t.http().get(`/insights/${areaId}/gaps.csv?by=language`).set('authorization', `Bearer ${token}`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[1]).toMatch(/^Chinese,/);
  });
});
