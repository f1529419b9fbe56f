import { INestApplication } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@kinwell/config';
import { createApiApp } from '../../../apps/api/src/create-api-app';
import { createTestDatabase, TestDatabase } from './test-database';
import { generate } from 'otplib';
import { TEST_PASSWORD, TEST_TOTP_SECRET } from './factories';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; fields?: Array<{ field: string; message: string }> } }>;
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  database: TestDatabase;
  dataSource: DataSource;
  http(): ReturnType<typeof request>;
  /** The app listening on a free loopback port, for a browser: its base URL. */
  url(port?: number): Promise<string>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  signIn(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A code of the test and demo authenticator secret. Each works once: `attempt` 1 is the next step's code (accepted
 * within the 30 seconds' tolerance), and `attempt` 2 waits for the step after, for a third sign-in in one step.
 */
export async function totpCode(secret = TEST_TOTP_SECRET, attempt = 0): Promise<string> {
  if (attempt >= 2) await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 50));
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + (attempt >= 1 ? 30 : 0) });
}

/** The attempts a sign-in helper makes with codes, in order. */
export const CODE_ATTEMPTS = [0, 1, 2];

type Gql = <T>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<Pick<GraphqlResponse<T>, 'data'>>;

/** Signs in over GraphQL, finishing with the test and demo secret's code where the account has two-step verification. */
export async function signInOverGraphql(gql: Gql, email: string, password: string): Promise<{ token: string; withCode: boolean }> {
  const res = await gql<{ signIn: { __typename: string; accessToken?: string; challengeToken?: string } }>(
    `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) {
       __typename ... on SignInSuccess { accessToken } ... on SecondFactorRequired { challengeToken } } }`,
    { email, password },
  );
  const challenge = res.data?.signIn.challengeToken;
  if (!challenge) {
    if (!res.data?.signIn.accessToken) throw new Error(`Sign-in failed for ${email}: ${JSON.stringify(res)}`);
    return { token: res.data.signIn.accessToken, withCode: false };
  }
  for (const attempt of CODE_ATTEMPTS) {
    const done = await gql<{ completeSignIn: { accessToken?: string } }>(
      `mutation($c: String!, $code: String!) { completeSignIn(challengeToken: $c, code: $code) { ... on SignInSuccess { accessToken } } }`,
      { c: challenge, code: await totpCode(TEST_TOTP_SECRET, attempt) },
    );
    if (done.data?.completeSignIn.accessToken) return { token: done.data.completeSignIn.accessToken, withCode: true };
  }
  throw new Error(`The second factor was refused for ${email}`);
}

/** The real API (same factory as `npm start`) over a fresh database for this test file. */
export async function createTestApp(env: Record<string, string> = {}, logDestination?: DestinationStream): Promise<TestApp> {
  const database = await createTestDatabase();
  // A test file sends hundreds of requests a minute from one address; the limits have their own tests.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_PERSON_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await createApiApp(config, database.url, logDestination);
  await app.init();
  const server = app.getHttpServer();
  const tokens = new Map<string, string>();
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>> => {
    const req = request(server).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body.data ?? null, errors: res.body.errors };
  };
  return {
    app,
    config,
    database,
    dataSource: app.get(DataSource),
    http: () => request(server),
    async url(port = 0) {
      if (!server.listening) await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    gql,
    async signIn(email: string, password = TEST_PASSWORD) {
      // A TOTP code works once, so a person signed in with a code keeps that token for the file.
      const key = `${email}\n${password}`;
      const known = tokens.get(key);
      if (known) return known;
      const { token, withCode } = await signInOverGraphql(gql, email, password);
      if (withCode) tokens.set(key, token);
      return token;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
