// The demo area: organisations, accounts, directory, anonymous demand and worked plans, for development and tests.
export * from './demo-area';
export * from './seed-demo';
export { URDU_HOLDER } from './seed-plans';
