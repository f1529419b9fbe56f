import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RateLimitedError, RequestThrottle } from '@kinwell/identity';

/**
 * Counts each /graphql request once against the per-client and per-person limits before Apollo
 * sees it, so a flood of queries that do not even parse is limited too: a 429 with Retry-After.
 */
@Injectable()
export class GraphqlRateLimitMiddleware implements NestMiddleware {
  constructor(private readonly throttle: RequestThrottle) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      await this.throttle.check(req, 'api');
      next();
    } catch (error) {
      if (!(error instanceof RateLimitedError)) return next(error);
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res
        .status(429)
        .json({ errors: [{ message: error.message, extensions: { code: error.code, retryAfterSeconds: error.retryAfterSeconds } }] });
    }
  }
}
