export * from './domain/reconcile';
export * from './reconciliation.entities';
export * from './file-storage';
export * from './reconciliation.service';
export * from './statement-formats';
export * from './reconciliation.module';
export * from './graphql/reconciliation.graphql';
