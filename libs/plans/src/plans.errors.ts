import { Money } from '@kinwell/kernel';

/** Expected outcomes of plan and sign-off steps, returned as values and mapped to GraphQL unions. */
export type PlanFailure =
  | { kind: 'insufficient_funds'; message: string; available: Money; requested: Money }
  | { kind: 'not_authorised_to_approve'; message: string }
  | { kind: 'author_cannot_approve'; message: string }
  | { kind: 'already_decided'; message: string }
  | { kind: 'quorum_not_met'; message: string; missing: string[] }
  | { kind: 'wrong_state'; message: string };

export const failure = <K extends PlanFailure['kind']>(
  kind: K,
  message: string,
  extra: Omit<Extract<PlanFailure, { kind: K }>, 'kind' | 'message'>,
): PlanFailure => ({ kind, message, ...extra }) as PlanFailure;

export const wrongState = (message: string): PlanFailure => ({ kind: 'wrong_state', message });

export function isPlanFailure(value: unknown): value is PlanFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    [
      'insufficient_funds',
      'not_authorised_to_approve',
      'author_cannot_approve',
      'already_decided',
      'quorum_not_met',
      'wrong_state',
    ].includes((value as PlanFailure).kind)
  );
}

/** Thrown inside a transaction to roll it back while still answering with a business failure. */
export class RollbackWith extends Error {
  constructor(readonly failure: PlanFailure) {
    super(failure.message);
  }
}
