import { Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public, RateLimit } from '@kinwell/identity';
import { IssuerWebhooksService } from '@kinwell/payments';

/**
 * Card issuer webhooks (Stripe's, or the sandbox's, signed the same way). Authorisation
 * requests are answered in this response, within Stripe's two-second window.
 */
@Public()
// Stripe's real-time authorisations must never wait on a limit; the signature is their gate.
@RateLimit('none')
@Controller('webhooks')
export class StripeWebhookController {
  constructor(private readonly webhooks: IssuerWebhooksService) {}

  @Post('stripe')
  @HttpCode(200)
  async receive(
    @Req() req: RawBodyRequest<Request>,
    @Headers('stripe-signature') signature: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const answer = await this.webhooks.handle(req.rawBody, signature);
    res.status(answer.status).json(answer.body);
  }
}
