import { Injectable, Logger } from '@nestjs/common';
import { BaseClient, custom, generators, Issuer } from 'openid-client';
import { AppConfig } from '@kinwell/config';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { IdentityRepository } from '../identity.repository';
import { Role } from '../roles';

export interface SingleSignOnProvider {
  key: string;
  audience: 'public' | 'staff';
}

/** What the browser keeps (in its server-side session) between leaving for the provider and coming back. */
export interface SingleSignOnStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type SingleSignOnOutcome =
  | { kind: 'matched'; userId: string; secondFactorDone: boolean }
  | { kind: 'no_account' }
  | { kind: 'email_not_verified' }
  | { kind: 'wrong_audience' }
  | { kind: 'failed' };

// Authentication methods (RFC 8176) that count as a second factor when the provider asserts them.
const MULTI_FACTOR = new Set(['mfa', 'otp', 'hwk', 'swk', 'fido', 'sms']);

/**
 * OpenID Connect sign-in (authorisation code with PKCE, state and nonce) through `openid-client`. An account is
 * matched by the provider's verified email and nothing else; nobody gets an account by signing in elsewhere.
 */
@Injectable()
export class SingleSignOn {
  private readonly logger = new Logger(SingleSignOn.name);
  private readonly clients = new Map<string, Promise<BaseClient>>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: IdentityRepository,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
  ) {
    custom.setHttpOptionsDefaults({ timeout: 5000 });
  }

  providers(): SingleSignOnProvider[] {
    return this.config.singleSignOn.map(({ key, audience }) => ({ key, audience }));
  }

  async start(key: string): Promise<SingleSignOnStart | null> {
    const client = await this.client(key);
    if (!client) return null;
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    const url = client.authorizationUrl({
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state, nonce, codeVerifier };
  }

  async finish(key: string, callbackUrl: string, started: Omit<SingleSignOnStart, 'url'>): Promise<SingleSignOnOutcome> {
    const client = await this.client(key);
    const provider = this.config.singleSignOn.find((p) => p.key === key);
    if (!client || !provider) return { kind: 'failed' };
    let claims: Record<string, unknown>;
    try {
      const params = client.callbackParams(callbackUrl);
      const tokens = await client.callback(this.redirectUri(key), params, {
        state: started.state,
        nonce: started.nonce,
        code_verifier: started.codeVerifier,
      });
      claims = tokens.claims();
      // Providers that keep the ID token lean (as the spec allows) give the email at the userinfo endpoint.
      if (claims.email === undefined && tokens.access_token) claims = { ...(await client.userinfo(tokens)), ...claims };
    } catch (error) {
      this.logger.warn(`Single sign-on with ${key} failed: ${(error as Error).message}`);
      return { kind: 'failed' };
    }
    const email = typeof claims.email === 'string' ? claims.email : null;
    // Entra says an email's domain is verified with xms_edov; most providers with email_verified.
    if (!email || (claims.email_verified !== true && claims.xms_edov !== true)) return { kind: 'email_not_verified' };
    const user = await this.repository.findUserForSignIn(email.toLowerCase());
    if (!user || user.disabledAt) return { kind: 'no_account' };
    const memberships = await this.repository.membershipsOf(user.id);
    const staff = memberships.some((m) => m.role !== Role.Holder && m.role !== Role.CarerAdvocate);
    if ((provider.audience === 'staff') !== staff) return { kind: 'wrong_audience' };
    const amr = Array.isArray(claims.amr) ? (claims.amr as unknown[]) : [];
    await this.tx.run(() =>
      this.audit.record({
        actor: { userId: user.id, label: user.email },
        action: 'account.signed_in_sso',
        subject: { type: 'user', id: user.id },
        change: { provider: key },
      }),
    );
    return { kind: 'matched', userId: user.id, secondFactorDone: amr.some((m) => typeof m === 'string' && MULTI_FACTOR.has(m)) };
  }

  redirectUri(key: string): string {
    return `${this.config.http.publicUrl}/sign-in/oidc/${key}/callback`;
  }

  private client(key: string): Promise<BaseClient | null> {
    const provider = this.config.singleSignOn.find((p) => p.key === key);
    if (!provider) return Promise.resolve(null);
    let client = this.clients.get(key);
    if (!client) {
      client = Issuer.discover(provider.issuer).then(
        (issuer) =>
          new issuer.Client({
            client_id: provider.clientId,
            client_secret: provider.clientSecret,
            redirect_uris: [this.redirectUri(key)],
            response_types: ['code'],
            token_endpoint_auth_method: provider.clientSecret ? 'client_secret_basic' : 'none',
          }),
      );
      // A provider that was down at the first try is asked again next time.
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client.catch((error: Error) => {
      this.logger.warn(`Cannot reach the ${key} provider: ${error.message}`);
      return null;
    });
  }
}
