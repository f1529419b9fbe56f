import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const MIN_PASSWORD_LENGTH = 12;
// argon2's cost grows with the input; past this a password is an attack on the server, not a secret.
export const MAX_PASSWORD_LENGTH = 1024;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'like_email';

function findList(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'identity', 'data', 'common-passwords.txt.gz');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`Cannot find libs/identity/data/common-passwords.txt.gz above ${__dirname}`);
}

let common: Set<string> | undefined;

/**
 * NCSC's advice, as a rule: at least 12 characters, not one of the passwords attackers try first
 * (a shipped list of common and breached ones), not the email address; no rules about symbols or case,
 * which push people to predictable patterns.
 */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  // Characters, not UTF-16 units: an Urdu or emoji passphrase counts as it reads.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  const folded = password.trim().toLowerCase();
  if (folded === email.trim().toLowerCase() || folded === email.split('@')[0].toLowerCase()) return 'like_email';
  if (new Set(folded).size <= 2) return 'common';
  common ??= new Set(gunzipSync(readFileSync(findList())).toString('utf8').split('\n'));
  return common.has(folded) ? 'common' : null;
}

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters: three or four ordinary words together are easy to remember`,
  too_long: `must be at most ${MAX_PASSWORD_LENGTH} characters`,
  common: 'is one of the passwords people use most often, which makes it easy to guess; choose another',
  like_email: 'must not be your email address',
};
