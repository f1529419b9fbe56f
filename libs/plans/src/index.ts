export * from './domain/sign-off-policy';
export * from './plans.entities';
export * from './plans.errors';
export * from './plan-access';
export * from './plans.repository';
export * from './plans.service';
export * from './plans.module';
export * from './graphql/plans-graphql.module';
