import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@kinwell/config';
import { Clock, DomainError } from '@kinwell/kernel';
import { AccountsService } from './accounts/accounts.service';
import { MAX_PASSWORD_LENGTH } from './accounts/password-policy';
import { PasswordOutcome, SecondFactorStep, SignInOutcome } from './identity.errors';
import { IdentityRepository } from './identity.repository';
import { PasswordHasher } from './password-hasher';
import { Principal } from './principal';
import { ROLES_NEEDING_SECOND_FACTOR } from './second-factor/second-factor.roles';
import { SecondFactorService } from './second-factor/second-factor.service';

const MAX_EMAIL_LENGTH = 320;
// Several people can share an address (a day centre's wifi), so an IP gets more room than one pair.
const IP_FACTOR = 4;
// Failures for one account from everywhere before addresses it has never signed in from are challenged.
const ACCOUNT_FACTOR = 2;
const KNOWN_ADDRESS_DAYS = 90;
const CHALLENGE_SECONDS = 300;

interface TokenClaims {
  sub: string;
  /** Seconds since the epoch, set by the signer. */
  iat?: number;
  /** The sign-in passed a second factor. */
  sf?: boolean;
  /** Only a token for finishing sign-in with a code: it signs nobody in. */
  purpose?: 'second_factor';
}

/**
 * Sign-in that cannot be used to lock someone else out. Wrong passwords slow down the address that sends them
 * (per account and address, and per address); when an account is attacked from many addresses, an address it has
 * never signed in from gets an emailed sign-in link rather than a password check, while the owner's usual
 * addresses carry on as normal. Nothing ever locks the account itself.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  async verifyPassword(emailInput: string, password: string, ipAddress: string): Promise<PasswordOutcome> {
    const now = this.clock.now();
    const emailKey = emailInput.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH);
    const limited = await this.protection(emailKey, ipAddress, now);
    if (limited?.kind === 'link_sent') {
      await this.accounts.requestSignInLink(emailKey);
      return limited;
    }
    if (limited) return limited;

    const plausible = emailKey.length > 0 && password.length > 0 && password.length <= MAX_PASSWORD_LENGTH;
    const user = plausible ? await this.repository.findUserForSignIn(emailKey) : null;
    const ok =
      user && user.passwordHash && !user.disabledAt
        ? await this.hasher.verify(user.passwordHash, password)
        : await this.hasher.verifyAgainstNothing(password.slice(0, MAX_PASSWORD_LENGTH));

    await this.repository.recordAttempt({ emailKey, ipAddress, succeeded: ok, attemptedAt: now });
    if (!ok || !user) return { kind: 'invalid_credentials' };
    // The cost in force has changed since this hash was made: remake it now, while the password is at hand.
    if (this.hasher.needsRehash(user.passwordHash!)) await this.repository.updatePasswordHash(user.id, await this.hasher.hash(password));
    return { kind: 'verified', userId: user.id, secondFactor: await this.secondFactorStep(user.id, !!user.totpEnabledAt) };
  }

  /** What a signed-in person still needs (after a password, an emailed link or single sign-on). */
  async secondFactorStep(userId: string, enabled?: boolean): Promise<SecondFactorStep> {
    if (enabled ?? (await this.secondFactor.enabled(userId))) return 'verify';
    const memberships = await this.repository.membershipsOf(userId);
    return memberships.some((m) => ROLES_NEEDING_SECOND_FACTOR.includes(m.role)) ? 'set_up' : 'none';
  }

  /** GraphQL's sign-in: a token, or a short-lived challenge to finish with a code. */
  async signIn(emailInput: string, password: string, ipAddress: string): Promise<SignInOutcome> {
    const outcome = await this.verifyPassword(emailInput, password, ipAddress);
    if (outcome.kind !== 'verified') return outcome;
    return this.afterFirstFactor(outcome.userId, outcome.secondFactor);
  }

  /** After a password or an emailed link: a token, or a short-lived challenge to finish with a code. */
  async afterFirstFactor(userId: string, step?: SecondFactorStep): Promise<SignInOutcome> {
    const next = step ?? (await this.secondFactorStep(userId));
    if (next !== 'verify') return this.issue(userId, false, next === 'set_up');
    const challengeToken = await this.jwt.signAsync({ sub: userId, purpose: 'second_factor' } satisfies TokenClaims, {
      expiresIn: CHALLENGE_SECONDS,
    });
    return { kind: 'second_factor_required', challengeToken, expiresAt: new Date(this.clock.now().getTime() + CHALLENGE_SECONDS * 1000) };
  }

  /** Finishes a GraphQL sign-in with a code from the app or a recovery code. */
  async completeSignIn(challengeToken: string, code: string): Promise<SignInOutcome> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(challengeToken);
    } catch {
      throw DomainError.unauthenticated('That sign-in has expired. Sign in again.');
    }
    if (claims.purpose !== 'second_factor') throw DomainError.unauthenticated('That sign-in has expired. Sign in again.');
    if (!(await this.checkCode(claims.sub, code))) return { kind: 'invalid_credentials' };
    return this.issue(claims.sub, true, false);
  }

  /** A code for a person part-way through signing in, with its own slow-down: only someone with the password gets here. */
  async checkCode(userId: string, code: string): Promise<boolean> {
    const now = this.clock.now();
    const key = `second-factor:${userId}`;
    const since = new Date(now.getTime() - this.config.auth.signInWindowSeconds * 1000);
    if ((await this.repository.recentFailures({ emailKey: key }, since)).count >= this.config.auth.signInMaxFailures) return false;
    const ok = code.length <= 20 && (await this.secondFactor.verify(userId, code));
    await this.repository.recordAttempt({ emailKey: key, ipAddress: 'second-factor', succeeded: ok, attemptedAt: now });
    return ok;
  }

  /** A bearer token; `secondFactor` says the sign-in passed one. */
  async issue(userId: string, secondFactor: boolean, setUpRequired: boolean): Promise<Extract<SignInOutcome, { kind: 'signed_in' }>> {
    const ttl = this.config.auth.tokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: userId, sf: secondFactor } satisfies TokenClaims, { expiresIn: ttl });
    return {
      kind: 'signed_in',
      accessToken,
      userId,
      expiresAt: new Date(this.clock.now().getTime() + ttl * 1000),
      secondFactorSetUpRequired: setUpRequired,
    };
  }

  /** Verifies a bearer token and loads who it belongs to, with their current memberships. */
  async authenticate(token: string): Promise<Principal> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw DomainError.unauthenticated('Your session has expired or is not valid. Sign in again.');
    }
    const principal =
      typeof claims.sub === 'string' && !claims.purpose ? await this.principalOf(claims.sub, claims.sf === true, claims.iat) : null;
    if (!principal) throw DomainError.unauthenticated('Your session has expired or is not valid. Sign in again.');
    return principal;
  }

  /** The person behind a web session or token, with their current memberships; null once the account is disabled. */
  async principalOf(userId: string, secondFactor = false, issuedAtSeconds?: number): Promise<Principal | null> {
    const user = await this.repository.findActiveUser(userId);
    if (!user) return null;
    // A token from before the password last changed (a reset after a suspected break-in) no longer signs anyone in.
    if (issuedAtSeconds !== undefined && user.credentialsChangedAt && issuedAtSeconds * 1000 < user.credentialsChangedAt.getTime() - 1000)
      return null;
    const memberships = await this.repository.membershipsOf(user.id);
    return new Principal(user.id, user.email, user.displayName, memberships, secondFactor, user.language);
  }

  private async protection(emailKey: string, ipAddress: string, now: Date): Promise<PasswordOutcome | null> {
    const { signInMaxFailures: max, signInWindowSeconds: window } = this.config.auth;
    const since = new Date(now.getTime() - window * 1000);
    const [pair, byIp, byAccount] = await Promise.all([
      this.repository.recentFailures({ emailKey, ipAddress }, since),
      this.repository.recentFailures({ ipAddress }, since),
      this.repository.recentFailures({ emailKey }, since),
    ]);
    const slowed = pair.count >= max ? pair : byIp.count >= max * IP_FACTOR ? byIp : null;
    if (slowed) {
      const freesAt = (slowed.oldest?.getTime() ?? now.getTime()) + window * 1000;
      return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)) };
    }
    if (byAccount.count >= max * ACCOUNT_FACTOR) {
      const known = await this.repository.succeededFrom(emailKey, ipAddress, new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000));
      if (!known) return { kind: 'link_sent' };
    }
    return null;
  }
}
