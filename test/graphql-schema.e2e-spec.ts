import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestApp, TestApp } from '@kinwell/testing';

const SCHEMA_FILE = resolve(__dirname, '../apps/api/schema.gql');
const HEADER = '# Generated from the code-first resolvers. Do not edit: run `npm run schema:print`.\n\n';

describe('apps/api/schema.gql', () => {
  let t: TestApp;

  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('matches the schema the API serves (run `npm run schema:print` after changing resolvers)', () => {
    const printed = HEADER + printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env.KINWELL_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, printed);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printed);
  });
});
