import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@kinwell/demo';
import { Public, RateLimit } from '@kinwell/identity';
import { AREA_TOPICS, IntakeService } from '@kinwell/plans';
import { Pages } from '../core/pages';
import { PageErrorFilter } from '../core/page-error.filter';
import type { WebRequest, WebResponse } from '../core/web-request';

/** The signed-out pages: what a personal health budget is, in plain words, with the area's own text where it wrote some. */
@Controller()
@Public()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class PublicController {
  constructor(
    private readonly pages: Pages,
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  home(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'public/home', {
      demo: this.config.seedDemo ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.filter((a) => a.describe) } : null,
    });
  }

  @Get('personal-health-budgets')
  async about(@Req() req: WebRequest, @Res() res: WebResponse, @Query('area') areaId?: string) {
    const { area, areas } = await this.area(areaId);
    const local = area ? await this.intake.areaInformation(area.id, req.language) : new Map<string, string>();
    this.pages.render(req, res, 'public/about', { topics: AREA_TOPICS, area, areas, local: Object.fromEntries(local) });
  }

  @Get('personal-health-budgets/challenge')
  challenge(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'public/challenge');
  }

  @Get('personal-health-budgets/examples')
  examples(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'public/examples');
  }

  @Get('accessibility')
  accessibility(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'public/accessibility');
  }

  private async area(areaId: string | undefined) {
    const areas = await this.intake.areas();
    return { areas, area: areas.find((a) => a.id === areaId) ?? areas[0] ?? null };
  }
}
