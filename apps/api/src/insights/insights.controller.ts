import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { OrganisationMember, Role } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { CATEGORIES, LANGUAGES, termName } from '@kinwell/directory';
import { Dimension, DIMENSIONS, gapMatrixSvg, gapsCsv, gapsSvg, InsightsService, timelinessSvg } from '@kinwell/insights';

const parse = (by: string | undefined): Dimension => {
  const dimension = (by ?? 'category') as Dimension;
  if (!DIMENSIONS.includes(dimension)) throw DomainError.validation([{ field: 'by', message: `must be one of ${DIMENSIONS.join(', ')}` }]);
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

  @OrganisationMember('areaId', Role.Commissioner, Role.PhbLead)
  @Get('gap-matrix.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async matrix(@Param('areaId') areaId: string): Promise<string> {
    return gapMatrixSvg(
      await this.insights.supplyMatrix(areaId),
      (c) => termName(CATEGORIES, c),
      (l) => termName(LANGUAGES, l),
    );
  }

  @OrganisationMember('areaId', Role.Commissioner, Role.PhbLead)
  @Get('timeliness.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async timeliness(@Param('areaId') areaId: string): Promise<string> {
    return timelinessSvg(await this.insights.decisionTimesByMonth(areaId));
  }
}
