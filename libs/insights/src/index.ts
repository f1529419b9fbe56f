export * from './domain/disclosure';
export * from './domain/gaps';
export * from './insights.repository';
export * from './insights.service';
export * from './outputs';
export * from './insights.module';
export * from './graphql/insights.graphql';
export * from './read-models';
