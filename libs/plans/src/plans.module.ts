import { Module } from '@nestjs/common';
import { BudgetsModule } from '@kinwell/budgets';
import { DirectoryModule } from '@kinwell/directory';
import { IdentityModule } from '@kinwell/identity';
import { HolderInvitationsService } from './holder-invitations.service';
import { IntakeDecisionsService } from './intake-decisions.service';
import { CaseloadQueries } from './caseload/caseload.queries';
import { ApprovalsView } from './approvals-view';
import { MailModule } from '@kinwell/mail';
import { NotificationsModule } from '@kinwell/notifications';
import { PlanNotices } from './plan-notices';
import { PlanAccess } from './plan-access';
import { PlanLookup } from './plan-lookup';
import { PlansRepository } from './plans.repository';
import { HoldersService } from './holders.service';
import { PlanDraftingService } from './plan-drafting.service';
import { PlanLifecycleService } from './plan-lifecycle.service';
import { SignOffService } from './sign-off.service';
import { IntakeRepository } from './intake.repository';
import { IntakeService } from './intake.service';
import { PlanViews } from './plan-views';
import { AreaSettingsService } from './area-settings.service';

@Module({
  imports: [BudgetsModule, DirectoryModule, IdentityModule, MailModule, NotificationsModule],
  providers: [
    ApprovalsView,
    CaseloadQueries,
    IntakeDecisionsService,
    HolderInvitationsService,
    PlanViews,
    IntakeRepository,
    IntakeService,
    PlansRepository,
    PlanLookup,
    PlanAccess,
    HoldersService,
    PlanDraftingService,
    SignOffService,
    PlanLifecycleService,
    PlanNotices,
    AreaSettingsService,
  ],
  exports: [
    PlanNotices,
    AreaSettingsService,
    ApprovalsView,
    CaseloadQueries,
    IntakeDecisionsService,
    HolderInvitationsService,
    PlansRepository,
    PlanLookup,
    PlanAccess,
    HoldersService,
    PlanDraftingService,
    SignOffService,
    PlanLifecycleService,
    IntakeService,
    PlanViews,
    BudgetsModule,
  ],
})
export class PlansModule {}
