import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The direction of dependencies between contexts: each lib may import only the libs listed for it,
// through their public entry points (`@kinwell/<lib>` and `@kinwell/<lib>/graphql`).
const FOUNDATION = ['kernel', 'config', 'database'];
const ALLOWED = {
  kernel: [],
  config: [],
  database: ['kernel', 'config'],
  jobs: [...FOUNDATION],
  identity: [...FOUNDATION, 'jobs'],
  notifications: [...FOUNDATION, 'jobs', 'identity'],
  directory: [...FOUNDATION, 'jobs', 'identity', 'notifications'],
  search: [...FOUNDATION, 'identity', 'directory'],
  budgets: [...FOUNDATION, 'identity'],
  plans: [...FOUNDATION, 'jobs', 'identity', 'notifications', 'directory', 'budgets'],
  payments: [...FOUNDATION, 'jobs', 'identity', 'notifications', 'directory', 'budgets', 'plans'],
  reconciliation: [...FOUNDATION, 'jobs', 'identity', 'notifications', 'directory', 'budgets', 'plans', 'payments'],
  insights: [...FOUNDATION, 'jobs', 'identity', 'notifications', 'directory'],
  platform: [
    ...FOUNDATION,
    'jobs',
    'identity',
    'notifications',
    'directory',
    'search',
    'budgets',
    'plans',
    'payments',
    'reconciliation',
    'insights',
  ],
  demo: [...FOUNDATION, 'identity', 'directory', 'budgets', 'plans'],
};
const LIBS = [...Object.keys(ALLOWED), 'testing'];
const TESTS = ['**/*.spec.ts', '**/*.db-spec.ts', '**/*.e2e-spec.ts', '**/*.contract.ts', '**/*.probe.ts'];

// Never reach into another context's files: not by a deep path, not by climbing out of src/.
const noDeepImports = [
  {
    group: ['@kinwell/*/*', '!@kinwell/*/graphql'],
    message: 'Import a context through @kinwell/<lib> or @kinwell/<lib>/graphql, never a deep path.',
  },
  {
    group: ['**/libs/**', '../../*/src/**', '../../../*/src/**'],
    message: 'Import another context through @kinwell/<lib>, not by a relative path into its files.',
  },
];
const boundaries = Object.entries(ALLOWED).map(([lib, allowed]) => ({
  files: [`libs/${lib}/src/**/*.ts`],
  ignores: TESTS,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...noDeepImports,
          // Contexts share lookups (PlanLookup, DirectoryLookup), not their repositories; the demo seed and the registry may.
          ...(['demo', 'platform'].includes(lib)
            ? []
            : [
                {
                  group: ['@kinwell/*', `!@kinwell/${lib}`],
                  importNamePattern: 'Repository$',
                  message: "Use the context's lookup facade, not its repository.",
                },
              ]),
          ...LIBS.filter((other) => other !== lib && !allowed.includes(other)).map((other) => ({
            group: [`@kinwell/${other}`, `@kinwell/${other}/graphql`],
            message: `${lib} may depend on ${allowed.join(', ') || 'no other context'}; ${other} would turn the dependencies round.`,
          })),
        ],
      },
    ],
  },
}));
// Domain code never loads GraphQL: only graphql/ folders and the API do.
const domainWithoutGraphql = {
  files: ['libs/*/src/**/*.ts'],
  ignores: [...TESTS, 'libs/*/src/graphql/**', 'libs/testing/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: 'ImportDeclaration[source.value=/^@kinwell\\/[a-z]+\\/graphql$/]',
        message: 'Domain code does not import GraphQL; only graphql/ folders and the API do.',
      },
      { selector: 'ImportDeclaration[source.value=/(^|\\/)graphql\\//]', message: 'Domain code does not import its graphql/ folder.' },
      {
        selector: 'ImportDeclaration[source.value=/^(@nestjs\\/graphql|@nestjs\\/apollo|graphql|@apollo\\/.*)$/]',
        message: 'Domain code does not load the GraphQL packages.',
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // TypeORM's raw query() returns any; rows are typed where they are read (const rows: Row[] = ...),
      // which these rules would flag at every one of ~90 queries. The other type-aware rules stay on.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Ports and plugin hooks (CardIssuer, Apollo plugins, test doubles) are async by contract even when one adapter has nothing to await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|test)$/]",
          message: 'Never commit .only',
        },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDeepImports[0]] }] },
  },
  ...boundaries,
  domainWithoutGraphql,
  {
    // Outside libs/config, configuration comes from AppConfig.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/config/**', '**/*.spec.ts', '**/*.db-spec.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from AppConfig (libs/config).' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The pages' own script runs in the browser, as a module.
    files: ['apps/web/assets/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        document: 'readonly',
        window: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URLSearchParams: 'readonly',
        FormData: 'readonly',
      },
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.db-spec.ts', '**/*.e2e-spec.ts'],
    // jest.spyOn(object, 'method') and expect(mock.method) name methods without calling them.
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
);
