export * from './entities';
export * from './persistence.module';
export * from './runtime';
export * from './demo/demo-area';
export * from './demo/seed-demo';
export * from './run-main';
