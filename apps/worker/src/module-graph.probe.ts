// Test helper, run by worker-module-graph.db-spec.ts in its own Node process through run-ts.js:
// loads the worker as `npm run start:worker` does and prints every GraphQL file it pulled in.
import 'reflect-metadata';
import './create-worker';

const graphql = Object.keys(require.cache).filter((file) => /[/\\](graphql|@nestjs[/\\]graphql|@apollo|graphql-[\w-]+)[/\\]/.test(file));
process.stdout.write(JSON.stringify({ loaded: Object.keys(require.cache).length, graphql }));
