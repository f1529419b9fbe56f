import { Module } from '@nestjs/common';
import { BudgetsModule } from '@kinwell/budgets';
import { DirectoryModule } from '@kinwell/directory';
import { PlanAccess } from './plan-access';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

@Module({
  imports: [BudgetsModule, DirectoryModule],
  providers: [PlansRepository, PlanAccess, PlansService],
  exports: [PlansService, PlansRepository, BudgetsModule],
})
export class PlansModule {}
