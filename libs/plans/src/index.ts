export * from './domain/sign-off-policy';
export * from './plans.entities';
