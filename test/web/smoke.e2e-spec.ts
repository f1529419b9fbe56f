import { createTestApp, TestApp } from '@kinwell/testing';

describe('pages smoke', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t?.close());

  it.each([
    '/',
    '/personal-health-budgets',
    '/personal-health-budgets/challenge',
    '/personal-health-budgets/examples',
    '/accessibility',
    '/find-support',
    '/find-support?q=counselling',
    '/sign-in',
    '/ask',
    '/ask/help',
  ])('%s renders', async (path) => {
    const res = await t.http().get(path);
    if (res.status !== 200) console.log(res.text.slice(0, 3000));
    expect(res.status).toBe(200);
  });
});
