// The GraphQL surface of this context (`@kinwell/<context>/graphql`): imported only by the API and other graphql/ folders, so the worker never loads it.
export * from './notifications.resolver';
export * from './notifications-graphql.module';
