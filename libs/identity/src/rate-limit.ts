import { CanActivate, ExecutionContext, Injectable, OnApplicationShutdown, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { AppConfig } from '@kinwell/config';
import { DomainError } from '@kinwell/kernel';
import { bearerToken, RequestWithPrincipal, requestOf } from './access.decorators';
import { AuthService } from './auth.service';

/**
 * How a route is limited: the API's per-client and per-person limits; 'web' pages, which are the API's
 * limits plus a tighter one on form submissions; the open feed's; or none (webhooks, health).
 */
export type RateLimitPolicy = 'api' | 'web' | 'feed' | 'none';
export const RATE_LIMIT_KEY = 'kinwell:rate-limit';
export const RateLimit = (policy: RateLimitPolicy) => SetMetadata(RATE_LIMIT_KEY, policy);

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} second(s).`);
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const COUNTED = Symbol('kinwell:rate-limit-counted');

type CountedRequest = RequestWithPrincipal & { [COUNTED]?: Set<string> };

/**
 * Request limits per client address and per signed-in person, counted once per HTTP request
 * whatever it asks for. Windows are kept in this process's memory (@nestjs/throttler's
 * storage), so with several API processes each allows its own share.
 */
@Injectable()
export class RequestThrottle implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  /** Counts this request against its policy's limits; throws RateLimitedError past any of them. */
  async check(req: RequestWithPrincipal & { method?: string }, policy: RateLimitPolicy): Promise<void> {
    if (policy === 'none' || !this.once(req, policy)) return;
    const limits = this.config.rateLimits;
    const client = clientOf(req);
    if (policy === 'feed') return this.take('feed', client, this.config.directory.orukRequestsPerMinute, MINUTE);
    if (policy === 'web' && req.method === 'POST') await this.take('form', client, this.config.web.formPostsPerMinute, MINUTE);
    await this.take('client', client, limits.perClientPerMinute, MINUTE);
    const person = await this.personOf(req);
    if (person) await this.take('person', person, limits.perPersonPerMinute, MINUTE);
  }

  /**
   * Whether this search may be written to the demand log: one per request (a thousand aliases
   * are one search) and a few an hour per client address, so nobody can steer the gap figures.
   */
  async mayRecordDemand(req: RequestWithPrincipal): Promise<boolean> {
    if (!this.once(req, 'demand')) return false;
    const hit = await this.storage.increment(
      `demand:${clientOf(req)}`,
      HOUR,
      this.config.rateLimits.demandPerClientPerHour,
      HOUR,
      'demand',
    );
    return !hit.isBlocked;
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }

  private once(req: CountedRequest, what: string): boolean {
    const counted = (req[COUNTED] ??= new Set());
    if (counted.has(what)) return false;
    counted.add(what);
    return true;
  }

  private async take(bucket: string, key: string, limit: number, windowMs: number): Promise<void> {
    const hit = await this.storage.increment(`${bucket}:${key}`, windowMs, limit, windowMs, bucket);
    if (hit.isBlocked) throw new RateLimitedError(Math.max(1, hit.timeToBlockExpire));
  }

  private async personOf(req: RequestWithPrincipal): Promise<string | undefined> {
    if (!req.principal) {
      const token = bearerToken(req);
      // The access guard refuses a bad token on its own; here it only means nobody to count.
      if (token) req.principal = await this.auth.authenticate(token).catch(() => undefined);
    }
    return req.principal?.userId;
  }
}

const clientOf = (req: RequestWithPrincipal) => req.ip ?? 'unknown';

/** Applies the route's policy (default 'api') to every REST request; /graphql is counted per request by its middleware. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: RequestThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() === 'graphql') return true;
    const policy =
      this.reflector.getAllAndOverride<RateLimitPolicy | undefined>(RATE_LIMIT_KEY, [context.getHandler(), context.getClass()]) ?? 'api';
    await this.throttle.check(requestOf(context), policy);
    return true;
  }
}
