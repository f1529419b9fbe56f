export * from './entities';
export * from './persistence.module';
export * from './runtime';
export * from './run-main';
export * from './logger.module';
export * from './http-app';
