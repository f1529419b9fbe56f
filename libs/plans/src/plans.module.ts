import { Module } from '@nestjs/common';
import { BudgetsModule } from '@kinwell/budgets';
import { DirectoryModule } from '@kinwell/directory';
import { PlanAccess } from './plan-access';
import { PlanLookup } from './plan-lookup';
import { PlansRepository } from './plans.repository';
import { HoldersService } from './holders.service';
import { PlanDraftingService } from './plan-drafting.service';
import { PlanLifecycleService } from './plan-lifecycle.service';
import { SignOffService } from './sign-off.service';

@Module({
  imports: [BudgetsModule, DirectoryModule],
  providers: [PlansRepository, PlanLookup, PlanAccess, HoldersService, PlanDraftingService, SignOffService, PlanLifecycleService],
  exports: [
    PlansRepository,
    PlanLookup,
    PlanAccess,
    HoldersService,
    PlanDraftingService,
    SignOffService,
    PlanLifecycleService,
    BudgetsModule,
  ],
})
export class PlansModule {}
