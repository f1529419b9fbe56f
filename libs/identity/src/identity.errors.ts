/** How far a password got: a web session or a GraphQL token is made from it at the edge. */
export type PasswordOutcome =
  | { kind: 'verified'; userId: string; secondFactor: SecondFactorStep }
  | { kind: 'invalid_credentials' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /** Many failures for this account from elsewhere: this address is sent a sign-in link instead of being let in or locked out. */
  | { kind: 'link_sent' };

/** What a verified password still needs: nothing; a code (TOTP is on); or setting one up (staff without it). */
export type SecondFactorStep = 'none' | 'verify' | 'set_up';

/** Business outcomes of signing in through GraphQL, mapped to the SignInResult union at the edge. */
export type SignInOutcome =
  | { kind: 'signed_in'; accessToken: string; expiresAt: Date; userId: string; secondFactorSetUpRequired: boolean }
  | { kind: 'second_factor_required'; challengeToken: string; expiresAt: Date }
  | Exclude<PasswordOutcome, { kind: 'verified' }>;

// One message for every wrong-credential case, so it never reveals which part was wrong.
export const INVALID_CREDENTIALS_MESSAGE = 'That email and password do not match an account. Check them and try again.';

export const LINK_SENT_MESSAGE =
  'For your security, this account cannot be signed in to with a password from here just now. If the email has an account, we have sent it a link to sign in.';
