import { Writable } from 'node:stream';
import { createTestApp, makeUser, TEST_PASSWORD, TestApp } from '@kinwell/testing';

describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });

  beforeAll(async () => (t = await createTestApp({ LOG_LEVEL: 'info' }, sink)));
  afterAll(() => t.close());

  it('logs each request with its id, and never a password or a token', async () => {
    const user = await makeUser(t.dataSource);
    const token = await t.signIn(user.email);
    await t.gql(`{ me { email } }`, {}, token);
    await t.gql(`mutation { signIn(email: "${user.email}", password: "wrong-${TEST_PASSWORD}") { __typename } }`);
    await t.http().get('/').set('cookie', 'session=secret-cookie-value');

    const entries = lines.map((l) => JSON.parse(l) as { req?: { id: string; url: string }; res?: { statusCode: number } });
    expect(entries.filter((e) => e.req?.url === '/graphql').length).toBeGreaterThanOrEqual(3);
    expect(entries.every((e) => !e.req || /^[0-9a-f-]{36}$/.test(e.req.id))).toBe(true);
    const everything = lines.join('\n');
    expect(everything).not.toContain(TEST_PASSWORD);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2]);
    expect(everything).not.toContain('secret-cookie-value');
  });
});
