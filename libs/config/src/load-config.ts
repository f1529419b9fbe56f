import { AppConfig } from './app-config';
import { envSchema } from './config.schema';

// Only for development and tests; production refuses to start without JWT_SECRET.
const DEV_JWT_SECRET = 'kinwell-development-secret-do-not-use-in-production';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Kinwell cannot start: the configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md, "Configuration".`);
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
  if (e.NODE_ENV === 'production') {
    if (!e.JWT_SECRET) problems.push('JWT_SECRET: required in production (missing)');
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: required in production; the embedded database is for development (missing)');
    if (e.SEED_DEMO) problems.push('SEED_DEMO: demo data is never loaded in production (got "true")');
    // The sandbox issuer's webhook secret is public: accepting it would let anyone post refunds and captures.
    if (!e.STRIPE_SECRET_KEY) problems.push('STRIPE_SECRET_KEY: production needs a real card issuer; the sandbox issuer is for development and tests (missing)');
    if (e.SANDBOX_WEBHOOK_SECRET) problems.push('SANDBOX_WEBHOOK_SECRET: the sandbox issuer is never used in production (given)');
  }
  if (e.LISTING_HIDE_AFTER_DAYS <= e.LISTING_STALE_AFTER_DAYS) {
    problems.push(`LISTING_HIDE_AFTER_DAYS: must be more than LISTING_STALE_AFTER_DAYS (${e.LISTING_STALE_AFTER_DAYS}) (got "${e.LISTING_HIDE_AFTER_DAYS}")`);
  }
  if (!!e.STRIPE_SECRET_KEY !== !!e.STRIPE_WEBHOOK_SECRET) {
    problems.push(`${e.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY'}: Stripe needs both the secret key and the webhook signing secret (missing)`);
  }
  const s3Keys = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
  if (s3Keys.some((k) => e[k]) && !s3Keys.every((k) => e[k])) {
    problems.push(...s3Keys.filter((k) => !e[k]).map((k) => `${k}: needed with the other S3_ settings (missing)`));
  }
  if (e.MEILISEARCH_KEY && !e.MEILISEARCH_URL) problems.push('MEILISEARCH_URL: required when MEILISEARCH_KEY is set (missing)');
  if (problems.length) throw new ConfigError(problems);

  const config = new AppConfig();
  config.env = e.NODE_ENV;
  config.http = {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
  };
  config.logLevel = e.LOG_LEVEL;
  config.database = {
    url: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    embedded: { port: e.EMBEDDED_PG_PORT, dir: e.EMBEDDED_PG_DIR },
  };
  config.auth = {
    jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
    tokenTtlSeconds: e.JWT_TTL_SECONDS,
    signInMaxFailures: e.SIGN_IN_MAX_FAILURES,
    signInWindowSeconds: e.SIGN_IN_WINDOW_SECONDS,
  };
  config.worker = {
    // With the embedded database there is one process; with a real one, run the worker separately.
    inProcess: e.WORKER_IN_PROCESS ?? !e.DATABASE_URL,
    outboxPollMs: e.OUTBOX_POLL_MS,
  };
  config.search = { meilisearch: e.MEILISEARCH_URL ? { url: e.MEILISEARCH_URL, apiKey: e.MEILISEARCH_KEY, index: e.MEILISEARCH_INDEX } : undefined };
  config.payments = {
    stripe: e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE } : undefined,
    sandboxWebhookSecret: e.SANDBOX_WEBHOOK_SECRET ?? 'whsec_kinwell_sandbox_not_secret',
    tolerancePence: e.CARD_TOLERANCE_PENCE,
    cardValidDays: e.CARD_VALID_DAYS,
  };
  config.fileStorageDir = e.FILE_STORAGE_DIR;
  config.mail = { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM };
  config.insights = { suppressBelow: e.INSIGHTS_SUPPRESS_BELOW, minimumCohort: e.INSIGHTS_MINIMUM_COHORT };
  config.s3 =
    e.S3_ENDPOINT && e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
      ? { endpoint: e.S3_ENDPOINT, bucket: e.S3_BUCKET, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
      : undefined;
  config.receipts = { reminderDays: e.RECEIPT_REMINDER_DAYS.split(',').map(Number).sort((a, b) => a - b), freezeDay: e.RECEIPT_FREEZE_DAY };
  config.directory = {
    staleAfterDays: e.LISTING_STALE_AFTER_DAYS,
    hideAfterDays: e.LISTING_HIDE_AFTER_DAYS,
    sweepMinutes: e.DIRECTORY_SWEEP_MINUTES,
    orukRequestsPerMinute: e.ORUK_REQUESTS_PER_MINUTE,
  };
  config.seedDemo = e.NODE_ENV === 'production' ? false : (e.SEED_DEMO ?? e.NODE_ENV === 'development');
  return config;
}
