/** Business outcomes of signing in, returned as values and mapped to the GraphQL union at the edge. */
export type SignInOutcome =
  | { kind: 'signed_in'; accessToken: string; expiresAt: Date; userId: string }
  | { kind: 'invalid_credentials' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

// One message for every wrong-credential case, so it never reveals which part was wrong.
export const INVALID_CREDENTIALS_MESSAGE = 'That email and password do not match an account. Check them and try again.';
