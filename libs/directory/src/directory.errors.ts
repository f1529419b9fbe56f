/** Business outcomes of listing changes that the caller can act on; returned as union members. */
export type ListingFailure =
  { kind: 'not_found'; message: string } | { kind: 'not_ready'; message: string } | { kind: 'not_pending'; message: string };

export const notFound = (message: string): ListingFailure => ({ kind: 'not_found', message });
export const notReady = (message: string): ListingFailure => ({ kind: 'not_ready', message });
export const notPending = (message: string): ListingFailure => ({ kind: 'not_pending', message });

export function isFailure(value: unknown): value is ListingFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    ['not_found', 'not_ready', 'not_pending'].includes((value as ListingFailure).kind)
  );
}
