// The GraphQL surface of this context (`@kinwell/<context>/graphql`): imported only by the API and other graphql/ folders, so the worker never loads it.
export * from './error-result';
export * from './safe-int.scalar';
export * from './money.model';
export * from './connection';
export * from './request-loader';
export * from './date.scalars';
