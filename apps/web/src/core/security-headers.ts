import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '@kinwell/config';

/**
 * The pages' headers: a fresh nonce per response, and a CSP that runs only our own scripts carrying it
 * (no inline script or style without it, nothing from anywhere else).
 */
export function pageSecurityHeaders(config: AppConfig) {
  // Issuing Elements: Stripe.js draws a card's number in Stripe's own frames, so Stripe is let in only when it is configured for that.
  const stripe = config.payments.stripe?.publishableKey ? ['https://js.stripe.com'] : [];
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...stripe, (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        frameSrc: stripe.length ? stripe : ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...(stripe.length ? ['https://api.stripe.com'] : [])],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    strictTransportSecurity: config.isProduction,
    referrerPolicy: { policy: 'same-origin' },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    headers(req, res, next);
  };
}
