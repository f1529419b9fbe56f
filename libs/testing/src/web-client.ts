import request from 'supertest';
import type { DataSource } from 'typeorm';
import { CODE_ATTEMPTS, totpCode, type TestApp } from './test-app';
import { TEST_TOTP_SECRET } from './factories';

export interface PageResponse {
  status: number;
  text: string;
  location: string | undefined;
  headers: Record<string, string>;
}

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The hidden fields (CSRF token, once-only key) of the form on a page whose action starts with `action`. */
export function hiddenFields(html: string, action: string): Record<string, string> {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const form = forms.find((f) => decode(/action="([^"]*)"/.exec(f[1])?.[1] ?? '').startsWith(action));
  if (!form) throw new Error(`No form posting to ${action} on the page`);
  const fields: Record<string, string> = {};
  for (const m of form[2].matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) fields[name] = decode(value);
  }
  // A multipart form carries its token and key in the action's query.
  const query = decode(/action="([^"]*)"/.exec(form[1])?.[1] ?? '').split('?')[1];
  if (query) for (const [k, v] of new URLSearchParams(query)) fields[k] = v;
  return fields;
}

/** The visible text of a page, tags and extra whitespace removed: what a person reads. */
export function pageText(html: string): string {
  return decode(
    html
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  ).trim();
}

/**
 * A browser without JavaScript, over HTTP: cookies kept, forms sent as the page's own form would send them
 * (with its CSRF token and once-only key), redirects reported rather than followed.
 */
export class WebClient {
  readonly agent: ReturnType<typeof request.agent>;

  constructor(t: Pick<TestApp, 'app'>) {
    this.agent = request.agent(t.app.getHttpServer());
  }

  async get(path: string): Promise<PageResponse> {
    return this.wrap(await this.agent.get(path));
  }

  /** Opens `page`, fills the form that posts to `action` (default: the page itself) and sends it. */
  async submit(page: string, fields: Record<string, string | string[]>, action = page.split('?')[0]): Promise<PageResponse> {
    const opened = await this.get(page);
    if (opened.status !== 200) throw new Error(`GET ${page} answered ${opened.status}`);
    return this.post(action, { ...hiddenFields(opened.text, action), ...fields });
  }

  async post(action: string, fields: Record<string, string | string[]>): Promise<PageResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await this.agent.post(action).type('form').send(body.toString());
    return this.wrap(res);
  }

  /** Signs in through the form; where the account has two-step verification, with the test secret's code too. */
  async signIn(email: string, password: string): Promise<PageResponse> {
    let res = await this.submit('/sign-in', { email, password });
    if (res.status === 303 && res.location === '/sign-in/code') {
      for (const attempt of CODE_ATTEMPTS) {
        res = await this.submit('/sign-in/code', { code: await totpCode(TEST_TOTP_SECRET, attempt) });
        if (res.status === 303) break;
      }
    }
    if (res.status !== 303) throw new Error(`Sign-in failed for ${email}: ${res.status} ${pageText(res.text).slice(0, 300)}`);
    return res;
  }

  private wrap(res: request.Response): PageResponse {
    return {
      status: res.status,
      text: res.text,
      location: res.headers.location,
      headers: res.headers,
    };
  }
}

/** The id of the plan a holder's account holds (the newest, if several). */
export async function planOfHolder(dataSource: DataSource, email: string): Promise<string> {
  const rows = await dataSource.query<Array<{ id: string }>>(
    `SELECT p.id FROM support_plan p JOIN holder h ON h.id = p.holder_id JOIN app_user u ON u.id = h.user_id
     WHERE u.email = $1 ORDER BY p.created_at DESC LIMIT 1`,
    [email],
  );
  if (!rows.length) throw new Error(`${email} holds no plan`);
  return rows[0].id;
}
