/** Business outcomes of account work, as values: each edge (page or GraphQL) says them in its own words. */
export type AccountFailureKind =
  | 'link_not_found'
  | 'link_expired'
  | 'link_used'
  | 'invitation_withdrawn'
  | 'already_linked'
  | 'already_member'
  | 'sign_in_to_accept'
  | 'wrong_account'
  | 'not_pending';

export interface AccountFailure {
  kind: AccountFailureKind;
  message: string;
}

export const ACCOUNT_FAILURE_MESSAGES: Record<AccountFailureKind, string> = {
  link_not_found: 'That link is not one Kinwell sent, or it has been replaced by a newer one. Ask for a new link.',
  link_expired: 'That link has expired. Ask for a new one: the person who invited you can send it again.',
  link_used: 'That link has already been used. Sign in instead, or ask for a new link.',
  invitation_withdrawn: 'That invitation was withdrawn. Contact the person who invited you if you think this is wrong.',
  already_linked: 'That budget holder record already has an account linked to it. Nothing was changed.',
  already_member: 'That person is already a member of this organisation. Change their role instead.',
  sign_in_to_accept: 'You already have a Kinwell account with this email. Sign in, then open the link again to accept.',
  wrong_account: 'This invitation was sent to a different email address from the account you are signed in with. Sign out first.',
  not_pending: 'That registration has already been decided.',
};

export const accountFailure = (kind: AccountFailureKind): AccountFailure => ({ kind, message: ACCOUNT_FAILURE_MESSAGES[kind] });

export function isAccountFailure(value: unknown): value is AccountFailure {
  return typeof value === 'object' && value !== null && 'kind' in value && (value as { kind: string }).kind in ACCOUNT_FAILURE_MESSAGES;
}
