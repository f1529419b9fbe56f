import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

describe('the worker', () => {
  it('loads no GraphQL file: neither a context’s graphql/ folder nor the GraphQL packages', () => {
    const out = execFileSync(process.execPath, [resolve('libs/testing/src/run-ts.js'), resolve('apps/worker/src/module-graph.probe.ts')], {
      encoding: 'utf8',
    });
    const { loaded, graphql } = JSON.parse(out) as { loaded: number; graphql: string[] };
    expect(loaded).toBeGreaterThan(100);
    expect(graphql).toEqual([]);
  });
});
