export * from './money';
export * from './clock';
export * from './domain-error';
export * from './ids';
export * from './cursor';
export * from './input';
export * from './csv';
export * from './edge.pipes';
