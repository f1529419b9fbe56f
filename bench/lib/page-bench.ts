import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { generate } from 'otplib';
import { AppConfig, loadConfig } from '@kinwell/config';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@kinwell/demo';
import type { Figures } from './measure';

/** The API with the pages, as the page benchmarks run it: no request limits in the way of the load. */
export function pageBenchConfig(url: string): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '10',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_PERSON_PER_MINUTE: '1000000',
    FORM_POSTS_PER_MINUTE: '1000000',
    DEMAND_PER_CLIENT_PER_HOUR: '0',
  });
}

/** A closed loop of HTTP requests for `seconds`, on its own thread so the client does not share the server's event loop. */
export function httpLoad(
  job: { url: string; concurrency: number; bodies?: string[]; headers?: Record<string, string>; html?: boolean; endsWith?: string },
  seconds: number,
): Promise<Figures> {
  return new Promise((done, fail) => {
    const worker = new Worker(resolve(__dirname, 'http-load.worker.js'), { workerData: { ...job, durationMs: seconds * 1000 } });
    worker.once('message', done);
    worker.once('error', fail);
  });
}

/** Signs in through the pages as a browser does, with the demo staff's code: the session cookie. */
export async function signIn(base: string, email: string, step = 0): Promise<string> {
  const jar = new Map<string, string>();
  const send = async (path: string, form?: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: base } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [k, ...v] = c.split(';')[0].split('=');
      jar.set(k, v.join('='));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  };
  const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1];
  const page = await send('/sign-in');
  const first = await send('/sign-in', {
    _csrf: field(page.text, '_csrf'),
    _form: field(page.text, '_form'),
    email,
    password: DEMO_PASSWORD,
  });
  // Staff who see people's data give a code too; others (a commissioner) are in at once.
  if (first.location === '/sign-in/code') {
    const codePage = await send('/sign-in/code');
    // Each code works once: a second account in the same 30 seconds takes the next step's code.
    const code = await generate({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(Date.now() / 1000) + step * 30 });
    const done = await send('/sign-in/code', { _csrf: field(codePage.text, '_csrf'), _form: field(codePage.text, '_form'), code });
    if (done.location !== '/my') throw new Error(`Could not sign in ${email}: ${done.status} ${done.location}`);
  } else if (first.location !== '/my')
    throw new Error(
      `Could not sign in ${email}: ${first.status} ${first.text
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 400)}`,
    );
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
