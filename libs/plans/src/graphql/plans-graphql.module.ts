import { Module } from '@nestjs/common';
import { PlansModule } from '../plans.module';
import { BudgetFieldsResolver, PlanFieldsResolver, PlanItemFieldsResolver, PlansResolver } from './plans.resolver';

@Module({ imports: [PlansModule], providers: [PlansResolver, PlanFieldsResolver, BudgetFieldsResolver, PlanItemFieldsResolver] })
export class PlansGraphqlModule {}
