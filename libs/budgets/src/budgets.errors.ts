import { Money } from '@kinwell/kernel';

/** Money-movement outcomes the caller can act on; returned as values, mapped to result unions. */
export type MovementFailure =
  { kind: 'insufficient_funds'; message: string; available: Money; requested: Money } | { kind: 'budget_closed'; message: string };

export function isMovementFailure(value: unknown): value is MovementFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    ['insufficient_funds', 'budget_closed'].includes((value as MovementFailure).kind)
  );
}
