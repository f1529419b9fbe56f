import { ConfigError, DEV_JWT_SECRET, DEV_SANDBOX_WEBHOOK_SECRET, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives working defaults with nothing set', () => {
    const sut = loadConfig({});
    expect(sut.http.port).toBe(3000);
    expect(sut.database.url).toBeUndefined();
    expect(sut.database.embedded).toEqual({ port: 15432, dir: '.data/pg' });
    expect(sut.database.testPort).toBe(15433);
    expect(sut.http.host).toBe('127.0.0.1');
    expect(sut.worker.inProcess).toBe(true);
    expect(sut.seedDemo).toBe(true);
    expect(sut.isProduction).toBe(false);
  });

  it('uses an external database and a separate worker when DATABASE_URL is set', () => {
    const sut = loadConfig({ DATABASE_URL: 'postgres://k:p@db:5432/kinwell', PORT: '8080' });
    expect(sut.database.url).toBe('postgres://k:p@db:5432/kinwell');
    expect(sut.worker.inProcess).toBe(false);
    expect(sut.http.publicUrl).toBe('http://localhost:8080');
  });

  it('lists every bad variable at once, without echoing secrets', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://secret@x/y', LOG_LEVEL: 'loud', JWT_SECRET: 'short' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = error!.problems.map((p) => p.split(':')[0]).sort();
    expect(keys).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
    expect(error!.message).not.toContain('secret@x');
    expect(error!.message).not.toContain('short');
    expect(error!.message).toContain('PORT: must be a whole number (got "eighty")');
  });

  it('refuses production without a secret or real database, and never seeds demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET[\s\S]*DATABASE_URL/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://a@b/c', SEED_DEMO: 'true' }),
    ).toThrow(/SEED_DEMO/);
    const stripe = { STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };
    const sut = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://a@b/c', ...stripe });
    expect(sut.seedDemo).toBe(false);
  });

  it('refuses production with the sandbox card issuer, whose webhook secret is public', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://a@b/c' };
    expect(() => loadConfig(production)).toThrow(/STRIPE_SECRET_KEY: production needs a real card issuer/);
    expect(() =>
      loadConfig({
        ...production,
        STRIPE_SECRET_KEY: 'sk_live_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
        SANDBOX_WEBHOOK_SECRET: 'whsec_kinwell_sandbox_not_secret',
      }),
    ).toThrow(/SANDBOX_WEBHOOK_SECRET/);
    expect(loadConfig({ ...production, STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }).payments.stripe).toMatchObject({
      secretKey: 'sk_live_x',
    });
  });

  it('accepts the development secrets only in development on loopback', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(loadConfig({ HOST: host }).auth.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(
      /JWT_SECRET: required when listening on 0.0.0.0 \(not loopback\)[\s\S]*SANDBOX_WEBHOOK_SECRET/,
    );
    expect(() => loadConfig({ HOST: '0.0.0.0', JWT_SECRET: DEV_JWT_SECRET, SANDBOX_WEBHOOK_SECRET: DEV_SANDBOX_WEBHOOK_SECRET })).toThrow(
      /JWT_SECRET: the development secret is published[\s\S]*SANDBOX_WEBHOOK_SECRET: the sandbox issuer's default secret/,
    );
    const shared = loadConfig({ HOST: '0.0.0.0', JWT_SECRET: 'y'.repeat(40), SANDBOX_WEBHOOK_SECRET: 'whsec_our_own_demo_secret' });
    expect(shared.payments.sandboxWebhookSecret).toBe('whsec_our_own_demo_secret');
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://a@b/c',
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    };
    expect(() => loadConfig({ ...production, JWT_SECRET: DEV_JWT_SECRET })).toThrow(
      /JWT_SECRET: the development secret is published in the code; set your own in production/,
    );
    expect(() =>
      loadConfig({ ...production, JWT_SECRET: 'z'.repeat(40), HOST: '127.0.0.1', SANDBOX_WEBHOOK_SECRET: DEV_SANDBOX_WEBHOOK_SECRET }),
    ).toThrow(/SANDBOX_WEBHOOK_SECRET/);
    expect(loadConfig({ ...production, JWT_SECRET: 'z'.repeat(40) }).http.host).toBe('0.0.0.0');
  });

  it('takes S3 credentials from the SDK chain unless a key pair is given, with a session token if there is one', () => {
    expect(loadConfig({ S3_BUCKET: 'receipts' }).s3).toEqual({
      bucket: 'receipts',
      endpoint: undefined,
      region: 'eu-west-2',
      credentials: undefined,
    });
    expect(
      loadConfig({ S3_BUCKET: 'receipts', S3_ACCESS_KEY_ID: 'ASIA', S3_SECRET_ACCESS_KEY: 's', S3_SESSION_TOKEN: 't' }).s3?.credentials,
    ).toEqual({ accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't' });
    expect(() => loadConfig({ S3_BUCKET: 'receipts', S3_ACCESS_KEY_ID: 'ASIA' })).toThrow(/S3_SECRET_ACCESS_KEY: S3 keys come in pairs/);
    expect(() => loadConfig({ S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET: needed/);
  });

  it('switches Meilisearch on by URL and checks the listing-age settings agree', () => {
    expect(loadConfig({}).search.meilisearch).toBeUndefined();
    expect(loadConfig({ MEILISEARCH_URL: 'http://meili:7700', MEILISEARCH_KEY: 'k' }).search.meilisearch).toEqual({
      url: 'http://meili:7700',
      apiKey: 'k',
      index: 'offerings',
    });
    expect(() => loadConfig({ MEILISEARCH_KEY: 'k' })).toThrow(/MEILISEARCH_URL: required/);
    expect(() => loadConfig({ LISTING_STALE_AFTER_DAYS: '200', LISTING_HIDE_AFTER_DAYS: '100' })).toThrow(
      /LISTING_HIDE_AFTER_DAYS: must be more than/,
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.url).toBeUndefined();
  });
});
