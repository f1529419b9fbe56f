import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DirectoryModule } from '@kinwell/directory';
import { IdentityModule } from '@kinwell/identity';
import { PlansModule } from '@kinwell/plans';
import { ReconciliationModule } from '@kinwell/reconciliation';
import { NotificationsModule } from '@kinwell/notifications';
import { SearchModule } from '@kinwell/search';
import { PaymentsModule } from '@kinwell/payments';
import { InsightsModule } from '@kinwell/insights';
import { AreaController } from './commissioner/area.controller';
import { AccountController } from './account/account.controller';
import { NotificationsController } from './account/notifications.controller';
import { JoiningController } from './account/joining.controller';
import { PasswordPages } from './account/password-pages';
import { SignInController } from './account/sign-in.controller';
import { SignInFlow } from './account/sign-in-flow';
import { OrganisationController } from './admin/organisation.controller';
import { ModerationController } from './admin/moderation.controller';
import { HolderInviteController } from './broker/holder-invite.controller';
import { RequestsController } from './broker/requests.controller';
import { CaseloadController, TeamController } from './broker/caseload.controller';
import { ApprovalsController } from './broker/approvals.controller';
import { BuyingController } from './broker/buying.controller';
import { MoneyController } from './broker/money.controller';
import { PlanWorkController } from './broker/plan-work.controller';
import { AskController } from './ask/ask.controller';
import { ReferController } from './ask/refer.controller';
import { ensureAssets } from './core/assets';
import { FormHandler } from './core/form-handler';
import { FormReplay } from './core/form-replay';
import { Catalogues } from './core/i18n';
import { PageErrorFilter } from './core/page-error.filter';
import { ASSET_MANIFEST, PAGE_NOT_FOUND, Pages } from './core/pages';
import { WebSession, WebSessionMiddleware } from './core/web-session';
import { PlanController } from './holder/plan.controller';
import { ListingsController } from './provider/listings.controller';
import { OrdersController } from './provider/orders.controller';
import { FindSupportController } from './public/find-support.controller';
import { PublicController } from './public/public.controller';

export const PAGE_CONTROLLERS = [
  PublicController,
  FindSupportController,
  AskController,
  ReferController,
  SignInController,
  AccountController,
  NotificationsController,
  JoiningController,
  OrganisationController,
  ModerationController,
  HolderInviteController,
  RequestsController,
  CaseloadController,
  TeamController,
  ApprovalsController,
  PlanWorkController,
  BuyingController,
  MoneyController,
  PlanController,
  ListingsController,
  OrdersController,
  AreaController,
];

/**
 * The web pages: composed into the API's process by default (npm start serves them at /), or run alone
 * (npm run start:web). Controllers are thin; the rules and access checks are the same services GraphQL calls.
 */
@Module({
  imports: [
    IdentityModule,
    DirectoryModule,
    SearchModule,
    PlansModule,
    PaymentsModule,
    ReconciliationModule,
    NotificationsModule,
    InsightsModule,
  ],
  controllers: PAGE_CONTROLLERS,
  providers: [
    { provide: ASSET_MANIFEST, useFactory: () => ensureAssets() },
    Catalogues,
    Pages,
    FormReplay,
    FormHandler,
    SignInFlow,
    PasswordPages,
    WebSession,
    PageErrorFilter,
    { provide: PAGE_NOT_FOUND, inject: [Pages], useFactory: (pages: Pages) => pages.notFound },
  ],
  exports: [ASSET_MANIFEST, Pages, PAGE_NOT_FOUND],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Sessions, CSRF and the signed-in person exist on page routes only: never on /graphql, REST or the feed.
    consumer.apply(WebSessionMiddleware).forRoutes(...PAGE_CONTROLLERS);
  }
}
