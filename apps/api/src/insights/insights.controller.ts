import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { OrganisationMember, Role } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { Dimension, gapsCsv, gapsSvg, InsightsService } from '@kinwell/insights';

const parse = (by: string | undefined): Dimension => {
  const dimension = (by ?? 'category') as Dimension;
  if (!['category', 'language', 'community'].includes(dimension)) throw DomainError.validation([{ field: 'by', message: 'must be category, language or community' }]);
  return dimension;
};

/** Commissioner downloads: gaps as CSV and as an SVG chart (bearer token, same rules as GraphQL). */
@Controller('insights/:areaId')
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  @OrganisationMember('areaId', Role.Commissioner, Role.PhbLead)
  @Get('gaps.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="market-gaps.csv"')
  async csv(@Param('areaId') areaId: string, @Query('by') by?: string): Promise<string> {
    return gapsCsv(await this.insights.marketGaps(areaId, parse(by)));
  }

  @OrganisationMember('areaId', Role.Commissioner, Role.PhbLead)
  @Get('gaps.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async svg(@Param('areaId') areaId: string, @Query('by') by?: string): Promise<string> {
    return gapsSvg(await this.insights.marketGaps(areaId, parse(by)));
  }
}
