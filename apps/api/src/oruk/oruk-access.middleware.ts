import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '@kinwell/config';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * The open feed: any origin may read it (Access-Control-Allow-Origin: *), and each
 * client address gets a token bucket of ORUK_REQUESTS_PER_MINUTE so one consumer
 * cannot starve the rest. Per API instance; that is enough for fair use.
 */
@Injectable()
export class OrukAccessMiddleware implements NestMiddleware {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly config: AppConfig) {}

  use(req: Request, res: Response, next: NextFunction): void {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Accept');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    const perMinute = this.config.directory.orukRequestsPerMinute;
    const now = Date.now();
    const key = req.ip ?? 'unknown';
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil(((1 - bucket.tokens) / perMinute) * 60);
      this.buckets.set(key, bucket);
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({ error: { code: 'RATE_LIMITED', message: `Too many requests; try again in ${retryAfter} second(s).` } });
      return;
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.evict(now);
    next();
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at > 120_000) this.buckets.delete(key);
  }
}
