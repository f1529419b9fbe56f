// Runs a TypeScript file in a plain Node process (outside Jest), compiled on the fly with swc.
// Tests use it for code that must run natively, such as the embedded PostgreSQL (ESM-only).
const { transformSync } = require('@swc/core');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { resolve } = require('node:path');

const root = resolve(__dirname, '../../..');
// swc matches a second wildcard pattern wrongly, so each context's GraphQL entry point is listed by name.
const graphqlEntries = Object.fromEntries(
  readdirSync(resolve(root, 'libs'))
    .filter((lib) => existsSync(resolve(root, 'libs', lib, 'src/graphql/index.ts')))
    .map((lib) => [`@kinwell/${lib}/graphql`, [`libs/${lib}/src/graphql`]]),
);
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      baseUrl: root,
      paths: { ...graphqlEntries, '@kinwell/*': ['libs/*/src'] },
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
// The script sees the arguments as it would run compiled: itself at argv[1], its own arguments after.
const script = resolve(process.argv[2]);
process.argv.splice(1, 1);
require(script);
