import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { OrganisationMember, Role } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { InsightsService } from '../insights.service';
import { GapDimension, EquityDimension, MarketGapsModel, TimelinessModel, SpendModel, EquityModel } from './insights.models';
import { money } from './insights.mappers';

const COMMISSIONING = [Role.Commissioner, Role.PhbLead];

/** Aggregates for commissioners of the area named by areaId; never a person. */
@Resolver()
export class InsightsResolver {
  constructor(private readonly insights: InsightsService) {}

  @OrganisationMember('areaId', ...COMMISSIONING)
  @Query(() => MarketGapsModel, { description: 'Where demand is not met by supply, ranked, with anonymous evidence' })
  marketGaps(
    @Args('areaId', { type: () => ID }) areaId: string,
    @Args('by', { type: () => GapDimension, defaultValue: GapDimension.Category }) by: GapDimension,
  ) {
    return this.insights.marketGaps(areaId, by);
  }

  @OrganisationMember('areaId', ...COMMISSIONING)
  @Query(() => TimelinessModel)
  timeliness(
    @Args('areaId', { type: () => ID }) areaId: string,
    @Args('unpaidAfterDays', { type: () => Int, defaultValue: 28 }) unpaidAfterDays: number,
  ) {
    return this.insights.timeliness(areaId, unpaidAfterDays);
  }

  @OrganisationMember('areaId', ...COMMISSIONING)
  @Query(() => SpendModel)
  async spendInsights(@Args('areaId', { type: () => ID }) areaId: string) {
    const s = await this.insights.spend(areaId);
    return {
      ...s,
      totalSpent: money(s.totalSpent),
      spendWithheld: s.published.withheldFigures > 0,
      spendingAsOf: s.asOf.readModels,
      meanBudget: money(s.meanBudget),
      medianBudget: money(s.medianBudget),
      mostFrequentBudget: money(s.mostFrequentBudget),
      byCategory: s.byCategory.map((c) => ({ label: c.label, spent: money(c.spent), share: c.share })),
    };
  }

  @OrganisationMember('areaId', ...COMMISSIONING)
  @Mutation(() => Int, {
    description: 'Upload the area population by group as CSV lines "group,population"; returns how many groups were stored',
  })
  uploadAreaPopulation(
    @Args('areaId', { type: () => ID }) areaId: string,
    @Args('by', { type: () => EquityDimension }) by: EquityDimension,
    @Args('csv', { type: () => String }) csv: string,
  ) {
    if (csv.length > 100_000) throw DomainError.validation([{ field: 'csv', message: 'at most 100,000 characters' }]);
    return this.insights.uploadPopulation(areaId, by, csv);
  }

  @OrganisationMember('areaId', ...COMMISSIONING)
  @Query(() => EquityModel, { description: 'Uptake by self-declared community (with consent) or language' })
  async equityOfUptake(
    @Args('areaId', { type: () => ID }) areaId: string,
    @Args('by', { type: () => EquityDimension }) by: EquityDimension,
  ) {
    const e = await this.insights.equity(areaId, by);
    return { withheld: e.withheld, groups: e.groups };
  }
}
