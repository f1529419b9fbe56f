import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

/** The newest captured email to an address, and the first Kinwell link in it (development captures mail). */
export async function lastEmailTo(
  ds: DataSource,
  email: string,
): Promise<{ subject: string; body: string; link: string | null; path: string | null }> {
  const [row] = await ds.query(`SELECT subject, body FROM captured_email WHERE recipient = $1 ORDER BY id DESC LIMIT 1`, [email]);
  if (!row) throw new Error(`No email was captured for ${email}`);
  const link = (row.body as string).match(/https?:\/\/\S+/)?.[0] ?? null;
  return { subject: row.subject, body: row.body, link, path: link ? new URL(link).pathname : null };
}

/** The token at the end of a link's path. */
export const tokenOf = (path: string | null) => (path ?? '').split('/').pop() ?? '';

/**
 * Links a holder record to an account the way Kinwell allows: the broker invites, and the person accepts
 * from the emailed link while signed in to their account.
 */
export async function linkHolderByInvitation(t: TestApp, brokerToken: string, holderId: string, userId: string): Promise<void> {
  const [user] = await t.dataSource.query(`SELECT email, display_name FROM app_user WHERE id = $1`, [userId]);
  const invited = await t.gql<{ inviteHolder: { __typename: string } }>(
    `mutation($h: ID!, $e: String!, $n: String!) { inviteHolder(holderId: $h, email: $e, displayName: $n) { __typename } }`,
    { h: holderId, e: user.email, n: user.display_name },
    brokerToken,
  );
  if (invited.data?.inviteHolder.__typename !== 'Invitation') throw new Error(`Invitation failed: ${JSON.stringify(invited)}`);
  const { path } = await lastEmailTo(t.dataSource, user.email);
  const accepted = await t.gql<{ acceptInvitation: { __typename: string } }>(
    `mutation($t: String!, $n: String!) { acceptInvitation(token: $t, displayName: $n) { __typename ... on AccountError { message } } }`,
    { t: tokenOf(path), n: user.display_name },
    await t.signIn(user.email),
  );
  if (accepted.data?.acceptInvitation.__typename !== 'AccountJoined') throw new Error(`Accepting failed: ${JSON.stringify(accepted)}`);
}
