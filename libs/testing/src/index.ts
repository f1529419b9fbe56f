export * from './test-env';
export * from './test-database';
export * from './test-app';
export * from './factories';
export * from './meilisearch-server';
export * from './fake-stripe';
export * from './plan-fixtures';
export * from './strict-mock';
