import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { approvedItems, ApprovedItems, createTestApp, TEST_PASSWORD, TestApp, WebClient } from '@kinwell/testing';

const PLAN = `query($id: ID!) { plan(id: $id) {
  id status holder { id preferredName }
  goals { id text }
  budget { kind periodStart periodEnd allocationNote closedAt balances { available { pence } } }
  items { id status total { pence } signOff { tier satisfied stillNeeded } decisions { decision actingRole } }
  reviews { kind dueOn }
} }`;

/**
 * How many SQL statements a page's worth of GraphQL costs: loaders batch a plan's fields, so the
 * count does not grow with the number of items (the N+1 the review found: 62 for ten items).
 */
describe('queries per request', () => {
  let t: TestApp;
  let small: ApprovedItems;
  let large: ApprovedItems;
  let count = 0;
  const original = PostgresQueryRunner.prototype.query;

  beforeAll(async () => {
    t = await createTestApp();
    small = await approvedItems(t, 500_000, [1_000]);
    large = await approvedItems(
      t,
      500_000,
      Array.from({ length: 10 }, () => 1_000),
    );
    PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
      count++;
      return original.apply(this, args);
    } as typeof original;
  });
  afterAll(async () => {
    PostgresQueryRunner.prototype.query = original;
    await t.close();
  });

  const statements = async (id: string, token: string) => {
    count = 0;
    const res = await t.gql(PLAN, { id }, token);
    expect(res.errors).toBeUndefined();
    return count;
  };

  it('reads a plan with ten items in as many statements as a plan with one', async () => {
    const one = await statements(small.planId, small.brokerToken);
    const ten = await statements(large.planId, large.brokerToken);
    if (process.env.KINWELL_REPORT_QUERIES) process.stdout.write(`plan with 1 item: ${one} statements; with 10 items: ${ten}\n`);
    expect(ten).toBe(one);
  });

  it('renders the plan page with ten items in as many statements as with one', async () => {
    const page = async (f: ApprovedItems) => {
      const web = new WebClient(t);
      await web.signIn(f.broker.email, TEST_PASSWORD);
      count = 0;
      const res = await web.get(`/plans/${f.planId}`);
      expect(res.status).toBe(200);
      return count;
    };
    const one = await page(small);
    const ten = await page(large);
    if (process.env.KINWELL_REPORT_QUERIES) process.stdout.write(`plan page with 1 item: ${one} statements; with 10 items: ${ten}\n`);
    expect(ten).toBe(one);
  });
});
