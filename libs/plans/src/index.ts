export * from './domain/sign-off-policy';
export * from './plans.entities';
export * from './plans.errors';
export * from './plan-access';
export * from './plan-purchases';
export * from './plans.repository';
export * from './plans.service';
export * from './plans.module';
