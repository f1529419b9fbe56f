import { AppConfig } from './app-config';
import { envSchema } from './config.schema';

// Only for development and tests on this machine's loopback; anywhere else they are refused.
export const DEV_JWT_SECRET = 'kinwell-development-secret-do-not-use-in-production';
export const DEV_SANDBOX_WEBHOOK_SECRET = 'whsec_kinwell_sandbox_not_secret';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Kinwell cannot start: the configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md, "Configuration".`,
    );
    this.name = 'ConfigError';
  }
}

/** Validates the environment into an AppConfig, listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '(unknown)');
        const given = relevant[key];
        const shown = given === undefined ? 'missing' : /SECRET|PASSWORD|URL/.test(key) ? 'given' : `got "${given}"`;
        return `${key}: ${issue.message} (${shown})`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const host = e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  // The development secrets are in this repository: anyone reaching a server using them could mint tokens or post card events.
  const devSecretsAllowed = e.NODE_ENV !== 'production' && LOOPBACK.has(host);
  if (!devSecretsAllowed) {
    const where = e.NODE_ENV === 'production' ? 'in production' : `when listening on ${host} (not loopback)`;
    if (!e.JWT_SECRET) problems.push(`JWT_SECRET: required ${where} (missing)`);
    else if (e.JWT_SECRET === DEV_JWT_SECRET)
      problems.push(`JWT_SECRET: the development secret is published in the code; set your own ${where} (given)`);
    if (
      e.NODE_ENV !== 'production' &&
      !e.STRIPE_SECRET_KEY &&
      (!e.SANDBOX_WEBHOOK_SECRET || e.SANDBOX_WEBHOOK_SECRET === DEV_SANDBOX_WEBHOOK_SECRET)
    ) {
      problems.push(
        `SANDBOX_WEBHOOK_SECRET: the sandbox issuer's default secret is published in the code; set your own ${where} (missing)`,
      );
    }
  }
  if (e.NODE_ENV === 'production') {
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: required in production; the embedded database is for development (missing)');
    if (e.SEED_DEMO) problems.push('SEED_DEMO: demo data is never loaded in production (got "true")');
    // The sandbox issuer's webhook secret is public: accepting it would let anyone post refunds and captures.
    if (!e.STRIPE_SECRET_KEY)
      problems.push('STRIPE_SECRET_KEY: production needs a real card issuer; the sandbox issuer is for development and tests (missing)');
    if (e.SANDBOX_WEBHOOK_SECRET) problems.push('SANDBOX_WEBHOOK_SECRET: the sandbox issuer is never used in production (given)');
  }
  if (e.LISTING_HIDE_AFTER_DAYS <= e.LISTING_STALE_AFTER_DAYS) {
    problems.push(
      `LISTING_HIDE_AFTER_DAYS: must be more than LISTING_STALE_AFTER_DAYS (${e.LISTING_STALE_AFTER_DAYS}) (got "${e.LISTING_HIDE_AFTER_DAYS}")`,
    );
  }
  if (!!e.STRIPE_SECRET_KEY !== !!e.STRIPE_WEBHOOK_SECRET) {
    problems.push(
      `${e.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY'}: Stripe needs both the secret key and the webhook signing secret (missing)`,
    );
  }
  if ((e.S3_ENDPOINT || e.S3_ACCESS_KEY_ID || e.S3_SECRET_ACCESS_KEY || e.S3_SESSION_TOKEN) && !e.S3_BUCKET)
    problems.push('S3_BUCKET: needed with the other S3_ settings (missing)');
  if (!!e.S3_ACCESS_KEY_ID !== !!e.S3_SECRET_ACCESS_KEY)
    problems.push(`${e.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}: S3 keys come in pairs (missing)`);
  if (e.S3_SESSION_TOKEN && !e.S3_ACCESS_KEY_ID) problems.push('S3_ACCESS_KEY_ID: a session token needs its key pair (missing)');
  if (e.MEILISEARCH_KEY && !e.MEILISEARCH_URL) problems.push('MEILISEARCH_URL: required when MEILISEARCH_KEY is set (missing)');
  if (problems.length) throw new ConfigError(problems);

  const config = new AppConfig();
  config.env = e.NODE_ENV;
  config.http = {
    port: e.PORT,
    host,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
  };
  config.logLevel = e.LOG_LEVEL;
  config.database = {
    url: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    embedded: { port: e.EMBEDDED_PG_PORT, dir: e.EMBEDDED_PG_DIR },
    testPort: e.TEST_PG_PORT,
  };
  config.graphql = {
    maxDepth: e.GRAPHQL_MAX_DEPTH,
    maxAliases: e.GRAPHQL_MAX_ALIASES,
    maxCost: e.GRAPHQL_MAX_COST,
    introspection: e.NODE_ENV !== 'production',
  };
  config.rateLimits = {
    perClientPerMinute: e.RATE_LIMIT_PER_MINUTE,
    perPersonPerMinute: e.RATE_LIMIT_PERSON_PER_MINUTE,
    demandPerClientPerHour: e.DEMAND_PER_CLIENT_PER_HOUR,
  };
  config.auth = {
    jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
    tokenTtlSeconds: e.JWT_TTL_SECONDS,
    signInMaxFailures: e.SIGN_IN_MAX_FAILURES,
    signInWindowSeconds: e.SIGN_IN_WINDOW_SECONDS,
  };
  config.web = { enabled: e.WEB_PAGES, sessionIdleMinutes: e.SESSION_IDLE_MINUTES, formPostsPerMinute: e.FORM_POSTS_PER_MINUTE };
  config.worker = {
    // With the embedded database there is one process; with a real one, run the worker separately.
    inProcess: e.WORKER_IN_PROCESS ?? !e.DATABASE_URL,
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxKeepDays: e.OUTBOX_KEEP_DAYS,
  };
  config.search = {
    meilisearch: e.MEILISEARCH_URL ? { url: e.MEILISEARCH_URL, apiKey: e.MEILISEARCH_KEY, index: e.MEILISEARCH_INDEX } : undefined,
  };
  config.payments = {
    stripe:
      e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET
        ? {
            secretKey: e.STRIPE_SECRET_KEY,
            webhookSecret: e.STRIPE_WEBHOOK_SECRET,
            apiBase: e.STRIPE_API_BASE,
            publishableKey: e.STRIPE_PUBLISHABLE_KEY,
          }
        : undefined,
    sandboxWebhookSecret: e.SANDBOX_WEBHOOK_SECRET ?? DEV_SANDBOX_WEBHOOK_SECRET,
    tolerancePence: e.CARD_TOLERANCE_PENCE,
    cardValidDays: e.CARD_VALID_DAYS,
  };
  config.fileStorageDir = e.FILE_STORAGE_DIR;
  config.mail = { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM };
  config.notify =
    e.NOTIFY_API_KEY && e.NOTIFY_SMS_TEMPLATE_ID
      ? { apiKey: e.NOTIFY_API_KEY, smsTemplateId: e.NOTIFY_SMS_TEMPLATE_ID, baseUrl: e.NOTIFY_BASE_URL }
      : undefined;
  config.singleSignOn = [
    {
      key: 'nhs-login',
      audience: 'public',
      issuer: e.OIDC_NHS_LOGIN_ISSUER,
      clientId: e.OIDC_NHS_LOGIN_CLIENT_ID,
      clientSecret: e.OIDC_NHS_LOGIN_CLIENT_SECRET,
    },
    {
      key: 'entra',
      audience: 'staff',
      issuer: e.OIDC_ENTRA_ISSUER,
      clientId: e.OIDC_ENTRA_CLIENT_ID,
      clientSecret: e.OIDC_ENTRA_CLIENT_SECRET,
    },
  ].flatMap((p) =>
    p.issuer && p.clientId
      ? [{ key: p.key, audience: p.audience as 'public' | 'staff', issuer: p.issuer, clientId: p.clientId, clientSecret: p.clientSecret }]
      : [],
  );
  config.insights = { suppressBelow: e.INSIGHTS_SUPPRESS_BELOW, minimumCohort: e.INSIGHTS_MINIMUM_COHORT };
  config.s3 = e.S3_BUCKET
    ? {
        bucket: e.S3_BUCKET,
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        credentials:
          e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
            ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, sessionToken: e.S3_SESSION_TOKEN }
            : undefined,
      }
    : undefined;
  config.receipts = {
    reminderDays: e.RECEIPT_REMINDER_DAYS.split(',')
      .map(Number)
      .sort((a, b) => a - b),
    freezeDay: e.RECEIPT_FREEZE_DAY,
  };
  config.directory = {
    staleAfterDays: e.LISTING_STALE_AFTER_DAYS,
    hideAfterDays: e.LISTING_HIDE_AFTER_DAYS,
    orukRequestsPerMinute: e.ORUK_REQUESTS_PER_MINUTE,
  };
  config.seedDemo = e.NODE_ENV === 'production' ? false : (e.SEED_DEMO ?? e.NODE_ENV === 'development');
  return config;
}
