import { Module } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { PlansModule } from '@kinwell/plans';
import { DirectoryModule } from '@kinwell/directory';
import { CardAuthorizationsService } from './card-authorizations.service';
import { IssuerWebhooksService } from './issuer-webhooks.service';
import { CardIssuer } from './issuers/card-issuer';
import { SandboxCardIssuer } from './issuers/sandbox-card-issuer';
import { StripeIssuingCardIssuer } from './issuers/stripe-card-issuer';
import { PurchasingService } from './purchasing.service';

@Module({
  imports: [PlansModule, DirectoryModule],
  providers: [
    {
      provide: CardIssuer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.payments.stripe ? new StripeIssuingCardIssuer(config.payments.stripe) : new SandboxCardIssuer(config.payments.sandboxWebhookSecret),
    },
    CardAuthorizationsService,
    PurchasingService,
    IssuerWebhooksService,
  ],
  exports: [CardIssuer, CardAuthorizationsService, PurchasingService, IssuerWebhooksService],
})
export class PaymentsModule {}
