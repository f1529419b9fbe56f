import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { OutboxRelay } from '@kinwell/database';
import { PlanPurchases, PlansModule } from '@kinwell/plans';
import { DirectoryModule } from '@kinwell/directory';
import { CardAuthorizationsService } from './card-authorizations.service';
import { CARD_REQUESTED, CARD_STATUS_CHANGED, CardIssuingService } from './card-issuing.service';
import { IssuerWebhooksService } from './issuer-webhooks.service';
import { CardIssuer } from './issuers/card-issuer';
import { SandboxCardIssuer } from './issuers/sandbox-card-issuer';
import { StripeIssuingCardIssuer } from './issuers/stripe-card-issuer';
import { PaymentsRepository } from './payments.repository';
import { PurchasingService } from './purchasing.service';
import { BankDetailsService } from './bank-details.service';

/** Every process that loads payments handles its card events, so they can be delivered at once by the one that wrote them. */
@Injectable()
class CardEventHandlers implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly cards: CardIssuingService,
  ) {}

  onModuleInit(): void {
    this.relay.on(CARD_REQUESTED, async (event) => void (await this.cards.issueFor(String(event.payload.intentId))));
    this.relay.on(CARD_STATUS_CHANGED, (event) => this.cards.pushStatus(String(event.payload.issuerCardId)));
  }
}

@Module({
  imports: [PlansModule, DirectoryModule],
  providers: [
    {
      provide: CardIssuer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.payments.stripe
          ? new StripeIssuingCardIssuer(config.payments.stripe)
          : new SandboxCardIssuer(config.payments.sandboxWebhookSecret),
    },
    PaymentsRepository,
    CardIssuingService,
    CardAuthorizationsService,
    PurchasingService,
    BankDetailsService,
    { provide: PlanPurchases, useExisting: PurchasingService },
    IssuerWebhooksService,
    CardEventHandlers,
  ],
  exports: [
    CardIssuer,
    CardIssuingService,
    CardAuthorizationsService,
    PurchasingService,
    BankDetailsService,
    PlanPurchases,
    IssuerWebhooksService,
  ],
})
export class PaymentsModule {}
