import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@kinwell/config';
import { Clock, DomainError } from '@kinwell/kernel';
import { SignInOutcome } from './identity.errors';
import { IdentityRepository } from './identity.repository';
import { PasswordHasher } from './password-hasher';
import { Principal } from './principal';

const MAX_EMAIL_LENGTH = 320;
// argon2 cost grows with input; a sane cap keeps sign-in from being a DoS lever.
const MAX_PASSWORD_LENGTH = 1024;
// Several people can share an address (a day centre's wifi), so an IP gets more room than an email.
const IP_FACTOR = 4;

interface TokenClaims {
  sub: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async signIn(emailInput: string, password: string, ipAddress: string): Promise<SignInOutcome> {
    const now = this.clock.now();
    const emailKey = emailInput.trim().toLowerCase();
    const limited = await this.rateLimit(emailKey, ipAddress, now);
    if (limited) return limited;

    const plausible =
      emailKey.length > 0 && emailKey.length <= MAX_EMAIL_LENGTH && password.length > 0 && password.length <= MAX_PASSWORD_LENGTH;
    const user = plausible ? await this.repository.findUserForSignIn(emailKey) : null;
    const ok =
      user && user.passwordHash && !user.disabledAt
        ? await this.hasher.verify(user.passwordHash, password)
        : await this.hasher.verifyAgainstNothing(password.slice(0, MAX_PASSWORD_LENGTH));

    await this.repository.recordAttempt({ emailKey: emailKey.slice(0, MAX_EMAIL_LENGTH), ipAddress, succeeded: ok, attemptedAt: now });
    if (!ok || !user) return { kind: 'invalid_credentials' };

    const ttl = this.config.auth.tokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id } satisfies TokenClaims, { expiresIn: ttl });
    return { kind: 'signed_in', accessToken, userId: user.id, expiresAt: new Date(now.getTime() + ttl * 1000) };
  }

  /** Verifies a bearer token and loads who it belongs to, with their current memberships. */
  async authenticate(token: string): Promise<Principal> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw DomainError.unauthenticated('Your session has expired or is not valid. Sign in again.');
    }
    const principal = typeof claims.sub === 'string' ? await this.principalOf(claims.sub) : null;
    if (!principal) throw DomainError.unauthenticated('Your session has expired or is not valid. Sign in again.');
    return principal;
  }

  /** The person behind a web session, with their current memberships; null once the account is disabled. */
  async principalOf(userId: string): Promise<Principal | null> {
    const user = await this.repository.findActiveUser(userId);
    if (!user) return null;
    const memberships = await this.repository.membershipsOf(user.id);
    return new Principal(user.id, user.email, user.displayName, memberships);
  }

  private async rateLimit(emailKey: string, ipAddress: string, now: Date): Promise<SignInOutcome | null> {
    const { signInMaxFailures: max, signInWindowSeconds: window } = this.config.auth;
    const since = new Date(now.getTime() - window * 1000);
    const [byEmail, byIp] = await Promise.all([
      this.repository.recentFailures('emailKey', emailKey, since),
      this.repository.recentFailures('ipAddress', ipAddress, since),
    ]);
    const blocking = byEmail.count >= max ? byEmail : byIp.count >= max * IP_FACTOR ? byIp : null;
    if (!blocking) return null;
    const freesAt = (blocking.oldest?.getTime() ?? now.getTime()) + window * 1000;
    return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)) };
  }
}
