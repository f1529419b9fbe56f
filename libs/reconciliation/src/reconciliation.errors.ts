/** Expected outcomes of reconciliation steps, answered as values and mapped to GraphQL unions at the edge. */

/** A person's expected outcome of resolving an exception someone else has just resolved. */
export class ExceptionAlreadyResolved {
  readonly message = 'That exception is already resolved';
}
