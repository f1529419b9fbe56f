import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MoneyModel } from '@kinwell/kernel/graphql';

export enum GapDimension {
  Category = 'category',
  Language = 'language',
  Community = 'community',
  DeliveryMode = 'delivery',
  District = 'district',
}
export enum EquityDimension {
  Community = 'community',
  Language = 'language',
  AgeBand = 'age_band',
  Gender = 'gender',
  /** The five high-level ethnic groups of the 2021 census. */
  EthnicGroup = 'ethnic_group',
  /** The 19 ethnic groups of the 2021 census, where numbers allow. */
  Ethnicity = 'ethnicity',
}
registerEnumType(GapDimension, { name: 'GapDimension' });
registerEnumType(EquityDimension, { name: 'EquityDimension' });

@ObjectType('SafeCount', { description: 'A count after disclosure control: small counts hidden ("<8"), others rounded to 5' })
export class SafeCountModel {
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field(() => String) display!: string;
}

@ObjectType('MarketGap')
export class GapModel {
  @Field(() => String) key!: string;
  @Field(() => String) label!: string;
  @Field(() => Float, {
    description: 'Demand per offering: (3 x searches finding nothing + searches + 2 x items asked + 2 x declined) / (1 + offerings)',
  })
  score!: number;
  @Field(() => SafeCountModel) supply!: SafeCountModel;
  @Field(() => SafeCountModel) searches!: SafeCountModel;
  @Field(() => SafeCountModel) zeroResultSearches!: SafeCountModel;
  @Field(() => SafeCountModel) planItems!: SafeCountModel;
  @Field(() => SafeCountModel) declined!: SafeCountModel;
}

@ObjectType('UnmetSearch')
export class UnmetSearchModel {
  @Field(() => String) terms!: string;
  @Field(() => SafeCountModel) count!: SafeCountModel;
}

@ObjectType('MarketGaps')
export class MarketGapsModel {
  @Field(() => [GapModel]) gaps!: GapModel[];
  @Field(() => [UnmetSearchModel], { description: 'Searches that found nothing, asked often enough to show' })
  unmetSearches!: UnmetSearchModel[];
}

@ObjectType('TimelinessStage')
export class StageModel {
  @Field(() => String) stage!: string;
  @Field(() => SafeCountModel) cases!: SafeCountModel;
  @Field(() => Float, { nullable: true, description: 'Withheld when too few cases' }) medianDays!: number | null;
  @Field(() => Float, { nullable: true }) p90Days!: number | null;
}

@ObjectType('DeadlineTimeliness', { description: "Rounds of sign-off against the area's deadlines in working days" })
export class DeadlineTimelinessModel {
  @Field(() => SafeCountModel, { description: 'Decided by the due date' }) decidedOnTime!: SafeCountModel;
  @Field(() => SafeCountModel, { description: 'Decided after the due date' }) decidedLate!: SafeCountModel;
  @Field(() => SafeCountModel, { description: 'Still waiting past the due date' }) waitingOverdue!: SafeCountModel;
}

@ObjectType('Timeliness')
export class TimelinessModel {
  @Field(() => DeadlineTimelinessModel) deadlines!: DeadlineTimelinessModel;
  @Field(() => [StageModel]) stages!: StageModel[];
  @Field(() => SafeCountModel, { description: 'Approved items still unpaid after unpaidAfterDays' }) approvedUnpaid!: SafeCountModel;
  @Field(() => Int) unpaidAfterDays!: number;
}

@ObjectType('SpendBand')
export class BandModel {
  @Field(() => String) label!: string;
  @Field(() => SafeCountModel) count!: SafeCountModel;
}

@ObjectType('CategorySpend')
export class CategorySpendModel {
  @Field(() => String) label!: string;
  @Field(() => MoneyModel, { nullable: true }) spent!: MoneyModel | null;
  @Field(() => String) share!: string;
}

@ObjectType('OfferingUse')
export class OfferingUseModel {
  @Field(() => String) name!: string;
  @Field(() => SafeCountModel) count!: SafeCountModel;
}

@ObjectType('SpendInsights')
export class SpendModel {
  @Field(() => SafeCountModel) budgets!: SafeCountModel;
  @Field(() => MoneyModel, {
    nullable: true,
    description: 'The spending shown, by category; null when money was spent but every figure of it is withheld',
  })
  totalSpent!: MoneyModel | null;
  @Field(() => Boolean, { description: 'Some spending is withheld (too few budgets), so totalSpent is of what is shown' })
  spendWithheld!: boolean;
  @Field(() => Date, { nullable: true, description: 'When the spending figures (read models) were refreshed' }) spendingAsOf!: Date | null;
  @Field(() => MoneyModel, { nullable: true }) meanBudget!: MoneyModel | null;
  @Field(() => MoneyModel, { nullable: true }) medianBudget!: MoneyModel | null;
  @Field(() => MoneyModel, { nullable: true }) mostFrequentBudget!: MoneyModel | null;
  @Field(() => [BandModel]) distribution!: BandModel[];
  @Field(() => [CategorySpendModel]) byCategory!: CategorySpendModel[];
  @Field(() => [OfferingUseModel]) mostUsedOfferings!: OfferingUseModel[];
  @Field(() => SafeCountModel, { description: 'Approved items from fast-track offers' }) fastTrackUptake!: SafeCountModel;
}

@ObjectType('EquityGroup')
export class EquityGroupModel {
  @Field(() => String) label!: string;
  @Field(() => SafeCountModel) holders!: SafeCountModel;
  @Field(() => SafeCountModel) approvedItems!: SafeCountModel;
  @Field(() => SafeCountModel) declinedItems!: SafeCountModel;
  @Field(() => String) declineRate!: string;
  @Field(() => String, {
    description:
      "This group's whole-number share of the spending shown by category ('*' when too few in the group spent); never money, so it cannot be added up to a withheld sum",
  })
  shareOfSpend!: string;
  @Field(() => String, { description: "This group's share of all the area's budget holders, declared or not" }) shareOfHolders!: string;
  @Field(() => String, { nullable: true, description: "This group's share of the area's population, where uploaded" }) shareOfPopulation!:
    string | null;
}

@ObjectType('Equity')
export class EquityModel {
  @Field(() => Boolean, { description: 'True when the area has too few people for this breakdown' }) withheld!: boolean;
  @Field(() => [EquityGroupModel]) groups!: EquityGroupModel[];
}
