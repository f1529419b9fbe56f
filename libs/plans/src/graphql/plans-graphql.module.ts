import { Module } from '@nestjs/common';
import { PlansModule } from '../plans.module';
import { HoldersResolver } from './holders.resolver';
import { BudgetFieldsResolver, PlanFieldsResolver, PlanItemFieldsResolver } from './plan-fields.resolver';
import { PlanDraftingResolver } from './plan-drafting.resolver';
import { PlanLifecycleResolver } from './plan-lifecycle.resolver';
import { SignOffResolver } from './sign-off.resolver';
import { IntakeResolver } from './intake.resolver';
import { CaseloadResolver } from './caseload.resolver';

@Module({
  imports: [PlansModule],
  providers: [
    HoldersResolver,
    IntakeResolver,
    CaseloadResolver,
    PlanDraftingResolver,
    SignOffResolver,
    PlanLifecycleResolver,
    PlanFieldsResolver,
    BudgetFieldsResolver,
    PlanItemFieldsResolver,
  ],
})
export class PlansGraphqlModule {}
