import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const postgresUrl = z
  .string()
  .url('must be a URL like postgres://user:password@host:5432/db')
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://');

/** Every environment variable Kinwell reads, with its default. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: int(1, 65535).default('3000'),
  /** Unset: 127.0.0.1 in development and tests, every interface in production. */
  HOST: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url('must be a URL like https://kinwell.example.org').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: int(1, 200).default('10'),
  // Below 32768, outside Linux's ephemeral range, so an unrelated outgoing socket never holds them.
  EMBEDDED_PG_PORT: int(1024, 65535).default('15432'),
  TEST_PG_PORT: int(1024, 65535).default('15433'),
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/pg'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  GRAPHQL_MAX_DEPTH: int(3, 50).default('10'),
  GRAPHQL_MAX_ALIASES: int(1, 1000).default('20'),
  GRAPHQL_MAX_COST: int(100, 10_000_000).default('10000'),
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default('600'),
  RATE_LIMIT_PERSON_PER_MINUTE: int(1, 1_000_000).default('300'),
  DEMAND_PER_CLIENT_PER_HOUR: int(0, 1_000_000).default('120'),

  JWT_TTL_SECONDS: int(60, 60 * 60 * 24 * 30).default('28800'),
  SIGN_IN_MAX_FAILURES: int(1, 1000).default('5'),
  SIGN_IN_WINDOW_SECONDS: int(10, 86400).default('900'),
  /** Signed-in web pages sign a person out after this long without a request. */
  SESSION_IDLE_MINUTES: int(2, 24 * 60).default('30'),
  /** How many web form submissions (POSTs) one client address may make a minute. */
  FORM_POSTS_PER_MINUTE: int(1, 1_000_000).default('60'),
  /** Off: the API process serves only /graphql and the REST routes; run the pages alone with npm run start:web. */
  WEB_PAGES: bool.default('true'),

  WORKER_IN_PROCESS: bool.optional(),
  OUTBOX_POLL_MS: int(50, 60000).default('500'),
  /** Delivered outbox events are deleted after this many days; events that failed for good are kept. */
  OUTBOX_KEEP_DAYS: int(1, 3650).default('7'),
  SEED_DEMO: bool.optional(),

  MEILISEARCH_URL: z.string().url('must be a URL like http://localhost:7700').optional(),
  MEILISEARCH_KEY: z.string().min(1).optional(),
  MEILISEARCH_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('offerings'),
  LISTING_STALE_AFTER_DAYS: int(1, 3650).default('180'),
  LISTING_HIDE_AFTER_DAYS: int(1, 3650).default('270'),
  ORUK_REQUESTS_PER_MINUTE: int(1, 100000).default('300'),

  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret or restricted key (sk_... or rk_...)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, 'must be a webhook signing secret (whsec_...)')
    .optional(),
  STRIPE_API_BASE: z.string().url('must be a URL').optional(),
  /** For Issuing Elements: the broker's browser shows a card's number from Stripe, never through Kinwell. */
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_\w+$/, 'must be a Stripe publishable key (pk_...)')
    .optional(),
  CARD_TOLERANCE_PENCE: int(0, 100000).default('0'),
  CARD_VALID_DAYS: int(1, 365).default('30'),
  SANDBOX_WEBHOOK_SECRET: z.string().min(16).optional(),
  FILE_STORAGE_DIR: z.string().min(1).default('.data/files'),
  RECEIPT_REMINDER_DAYS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3})*$/, 'must be days separated by commas, e.g. 15,29')
    .default('15,29'),
  RECEIPT_FREEZE_DAY: int(1, 365).default('31'),
  S3_BUCKET: z.string().min(3).optional(),
  /** Unset: AWS itself. Set for MinIO or another S3-compatible store (path-style addressing). */
  S3_ENDPOINT: z.string().url('must be a URL like https://s3.eu-west-2.amazonaws.com').optional(),
  S3_REGION: z.string().min(1).default('eu-west-2'),
  /** Unset: the AWS SDK's own chain (environment, IAM role, SSO). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_SESSION_TOKEN: z.string().min(1).optional(),
  /** Single sign-on: each provider is on when its issuer and client are set. NHS login for holders and carers. */
  OIDC_NHS_LOGIN_ISSUER: z.string().url('must be the issuer URL, like https://auth.login.nhs.uk').optional(),
  OIDC_NHS_LOGIN_CLIENT_ID: z.string().min(1).optional(),
  OIDC_NHS_LOGIN_CLIENT_SECRET: z.string().min(1).optional(),
  /** Microsoft Entra ID, the NHS's staff directory: https://login.microsoftonline.com/<tenant>/v2.0 */
  OIDC_ENTRA_ISSUER: z.string().url('must be the issuer URL, like https://login.microsoftonline.com/<tenant>/v2.0').optional(),
  OIDC_ENTRA_CLIENT_ID: z.string().min(1).optional(),
  OIDC_ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  INSIGHTS_SUPPRESS_BELOW: int(2, 100).default('8'),
  INSIGHTS_MINIMUM_COHORT: int(2, 10000).default('20'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().email('must be an email address').default('no-reply@kinwell.example'),
  NOTIFY_API_KEY: z
    .string()
    .regex(/^[\w-]+-[0-9a-f-]{36}-[0-9a-f-]{36}$/, 'must be a GOV.UK Notify API key (name-serviceId-secret)')
    .optional(),
  NOTIFY_SMS_TEMPLATE_ID: z.string().uuid('must be the id of a Notify SMS template whose text is ((message))').optional(),
  NOTIFY_BASE_URL: z.string().url().default('https://api.notifications.service.gov.uk'),
});

export type RawEnv = z.input<typeof envSchema>;
