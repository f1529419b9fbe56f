import type { Request, Response } from 'express';
import type { Session, SessionData } from 'express-session';
import type { Principal } from '@kinwell/identity';

/** What a page's session holds: never a person's record, only who is signed in and what they were typing. */
export interface KinwellSession {
  userId?: string;
  /** Where to go after signing in. */
  returnTo?: string;
  /** Answers typed into a form that could not be sent (the session had expired), by the form's path. */
  drafts?: Record<string, Record<string, string>>;
  /** The answers of the "ask for a personal health budget" questions so far. */
  ask?: Record<string, string>;
  /** The commissioning area chosen in the area workspace, by someone who works for more than one. */
  areaId?: string;
  /** A one-off message for the next page, such as "Your goal was added". */
  flash?: { key: string; params?: Record<string, string> };
  /** This sign-in passed a second factor (a code from the app, or a recovery code). */
  secondFactor?: boolean;
  /** The password (or emailed link) was right; the code is still to come. Not signed in yet. */
  pendingSignIn?: { userId: string; at: number };
  /** When and on what this session signed in, for the person's list of their sessions. */
  signedInAt?: string;
  device?: string;
  /** Between leaving for an OpenID provider and coming back. */
  oidc?: { key: string; state: string; nonce: string; codeVerifier: string };
  /** A listing being added or changed, a question a page: which one (provider, kind, id or "new") and the answers so far. */
  listing?: { key: string; answers: Record<string, string> };
  /** Recovery codes, shown once on the page after two-step verification is set up. */
  recoveryCodes?: string[];
}

declare module 'express-session' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends KinwellSession {}
}

export type WebRequest = Request & {
  session: Session & Partial<SessionData>;
  principal?: Principal;
  id?: string;
  /** The page's language code, chosen by the language middleware. */
  language: string;
};

export type WebResponse = Response & { locals: { cspNonce?: string } };

/**
 * Redirect (303) once the session is stored. express-session sends a response's headers before it saves, so
 * a browser that follows the redirect at once could otherwise read the session as it was before this request
 * (signed out, just after signing in; the last answer missing, on the next question).
 */
export async function seeOther(req: WebRequest, res: WebResponse, location: string): Promise<void> {
  if (req.session)
    await new Promise<void>((done, fail) =>
      req.session.save((e: unknown) => (e ? fail(e instanceof Error ? e : new Error('session store failed')) : done())),
    );
  res.redirect(303, location);
}

export const LANGUAGE_COOKIE = 'kinwell_lang';

/** One cookie's value from the request's Cookie header (the pages' own cookies are not signed). */
export function cookieValue(req: Pick<Request, 'headers'>, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
