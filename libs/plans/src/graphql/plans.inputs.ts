import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { BudgetKind } from '@kinwell/budgets';
import { CATEGORY_CODES, COMMUNITY_CODES, ETHNICITY_CODES, LANGUAGE_CODES } from '@kinwell/directory';
import { CalendarDateScalar } from '@kinwell/kernel/graphql';
import { AGE_BANDS, GENDERS } from '../plan-steps';

/** The largest amount a plan item or budget may hold, in pence (£1,000,000). */
const MAX_PENCE = 100_000_000;

@InputType()
export class HolderInput {
  @Field(() => ID) @IsUUID() brokerOrganisationId!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clinicalTeamId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The budget request this answers: the account its person made when asking becomes theirs. Anyone else: inviteHolder',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string | null;
  @Field(() => String) @IsString() @Length(1, 80) preferredName!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 40) pronouns?: string | null;
  @Field(() => [String]) @IsIn([...LANGUAGE_CODES], { each: true }) @ArrayMaxSize(10) languages!: string[];
  @Field(() => [String]) @IsIn([...COMMUNITY_CODES], { each: true }) @ArrayMaxSize(10) communities!: string[];
  @Field(() => String, { nullable: true, description: 'Self-declared age band, e.g. "26-35"' }) @IsOptional() @IsIn(AGE_BANDS) ageBand?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Self-declared: woman, man, non-binary or self-described' })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Self-declared ethnic group, one of the 19 of the 2021 census (for example "asian-pakistani"); kept only with consent',
  })
  @IsOptional()
  @IsIn([...ETHNICITY_CODES])
  ethnicity?: string | null;
  @Field(() => Boolean) @IsBoolean() equityReportingConsent!: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(2, 4) postcodeDistrict?: string | null;
}

@InputType()
export class AllocationLineInput {
  @Field(() => String) @IsString() @Length(1, 200) label!: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(MAX_PENCE) pence!: number;
}

@InputType()
export class BudgetInput {
  @Field(() => ID) @IsUUID() holderId!: string;
  @Field(() => BudgetKind) @IsEnum(BudgetKind) kind!: BudgetKind;
  // The scalar has checked the date; the decorator keeps it through the whitelist.
  @Field(() => CalendarDateScalar) @IsString() periodStart!: string;
  @Field(() => CalendarDateScalar) @IsString() periodEnd!: string;
  @Field(() => Int, { description: 'Pence' }) @IsInt() @Min(1) @Max(MAX_PENCE) allocationPence!: number;
  @Field(() => String) @IsString() @Length(5, 2000) allocationNote!: string;
  @Field(() => [AllocationLineInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => AllocationLineInput)
  @ArrayMaxSize(50)
  allocationLines!: AllocationLineInput[];
}

@InputType()
export class PlanItemInput {
  @Field(() => ID) @IsUUID() planId!: string;
  @Field(() => ID, { nullable: true, description: 'A directory offering (its price is used), or leave empty for a free-text item' })
  @IsOptional()
  @IsUUID()
  offeringId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 500) description?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) supplier?: string | null;
  @Field(() => String, { nullable: true, description: 'What kind of thing a free-text item is: a directory category code' })
  @IsOptional()
  @IsIn([...CATEGORY_CODES])
  categoryCode?: string | null;
  @Field(() => Int, { nullable: true, description: 'Estimated price in pence, for free-text items' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PENCE)
  unitPricePence?: number | null;
  @Field(() => Int, { defaultValue: 1 }) @IsInt() @Min(1) @Max(100) quantity!: number;
  @Field(() => [ID])
  @IsUUID('all', { each: true })
  @ArrayMinSize(1, { message: 'every item must serve at least one goal' })
  @ArrayMaxSize(20)
  goalIds!: string[];
}

@InputType()
export class GoalOutcomeInput {
  @Field(() => ID) @IsUUID() goalId!: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(10) rating!: number;
}
