export type Environment = 'development' | 'test' | 'production';

/** The validated configuration; the only way code learns about its environment. */
export class AppConfig {
  env!: Environment;
  http!: { port: number; host: string; publicUrl: string };
  logLevel!: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  database!: {
    /** Unset means: start the embedded PostgreSQL. */
    url: string | undefined;
    poolSize: number;
    embedded: { port: number; dir: string };
    /** The throwaway server `npm test` starts when DATABASE_URL is unset. */
    testPort: number;
  };
  graphql!: { maxDepth: number; maxAliases: number; maxCost: number; introspection: boolean };
  rateLimits!: { perClientPerMinute: number; perPersonPerMinute: number; demandPerClientPerHour: number };
  auth!: { jwtSecret: string; tokenTtlSeconds: number; signInMaxFailures: number; signInWindowSeconds: number };
  web!: { enabled: boolean; sessionIdleMinutes: number; formPostsPerMinute: number };
  worker!: { inProcess: boolean; outboxPollMs: number; outboxKeepDays: number };
  seedDemo!: boolean;
  search!: { meilisearch: { url: string; apiKey: string | undefined; index: string } | undefined };
  payments!: {
    /** Unset: the built-in sandbox issuer. */
    stripe: { secretKey: string; webhookSecret: string; apiBase: string | undefined; publishableKey: string | undefined } | undefined;
    /** Signs the sandbox's own webhooks, so they travel the same verified path as Stripe's. */
    sandboxWebhookSecret: string;
    tolerancePence: number;
    cardValidDays: number;
  };
  /** Where receipts are stored: local disk, or an S3-compatible bucket when configured. */
  fileStorageDir!: string;
  s3!:
    | {
        bucket: string;
        endpoint: string | undefined;
        region: string;
        credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined } | undefined;
      }
    | undefined;
  receipts!: { reminderDays: number[]; freezeDay: number };
  insights!: { suppressBelow: number; minimumCohort: number };
  /** Unset: notifications are in-app only. */
  mail!: { smtpUrl: string | undefined; from: string };
  /** GOV.UK Notify for SMS; unset: no SMS (people are told in-app and by email). */
  notify!: { apiKey: string; smsTemplateId: string; baseUrl: string } | undefined;
  /** OpenID Connect providers switched on by configuration: NHS login (holders, carers) and Entra ID (staff). */
  singleSignOn!: Array<{ key: string; audience: 'public' | 'staff'; issuer: string; clientId: string; clientSecret: string | undefined }>;
  directory!: { staleAfterDays: number; hideAfterDays: number; orukRequestsPerMinute: number };

  get isProduction(): boolean {
    return this.env === 'production';
  }
}
