import { Body, Controller, Get, Header, Param, Post, Query, Req, Res, UploadedFile, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { Clock, DomainError } from '@kinwell/kernel';
import { CATEGORIES, LANGUAGES, termName } from '@kinwell/directory';
import {
  AreaFigures,
  Dimension,
  DIMENSIONS,
  districtMapSvg,
  EQUITY_DIMENSIONS,
  EquityDimensionKey,
  gapMatrixSvg,
  gapsSvg,
  InsightsRefresher,
  InsightsService,
  SafeCount,
  ShownMoney,
  tableCsv,
  timelinessSvg,
} from '@kinwell/insights';
import { AREA_TOPICS, AreaSettingsService } from '@kinwell/plans';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import { OneFileUpload } from '../core/uploads';
import { seeOther, type WebRequest, type WebResponse } from '../core/web-request';

const COMMISSIONING = [Role.Commissioner, Role.PhbLead];
const pounds = (m: ShownMoney) => (m.pence === null ? 'withheld' : (m.pence / 100).toFixed(2));
const TABLES = ['gaps', 'equity', 'spend', 'timeliness', 'decisions', 'outcomes'] as const;

/**
 * The commissioner's workspace: the area's figures, each page with its chart and the same figures in a table,
 * the definitions beside them, and downloads. Every figure is made by InsightsService, which applies disclosure
 * control, and read from the area's snapshot (AreaFigures), so a page and its downloads agree; nothing here is
 * about a person. Settings change the area's policy and public text.
 */
@Controller('area')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class AreaController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly insights: InsightsService,
    private readonly figures: AreaFigures,
    private readonly refresher: InsightsRefresher,
    private readonly settings: AreaSettingsService,
    private readonly clock: Clock,
  ) {}

  /** The area the signed-in commissioner (or PHB lead) is looking at: the one they chose, or their first. */
  private area(req: WebRequest): string {
    const mine = req.principal!.organisationsWith(...COMMISSIONING);
    return req.session.areaId && mine.includes(req.session.areaId) ? req.session.areaId : mine[0];
  }

  /** A page of the workspace, naming the area it is about (with a choice of area for someone who has more than one). */
  private async show(req: WebRequest, res: WebResponse, template: string, data: Record<string, unknown>, status = 200) {
    const areas = await this.settings.areas(req.principal!);
    const current = this.area(req);
    this.pages.render(req, res, template, { areas, area: areas.find((a) => a.id === current), ...data }, status);
  }

  /** Someone who works for more than one area chooses which one the workspace shows. */
  @Roles(...COMMISSIONING)
  @Post('choose')
  async choose(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const form = new Form(body);
    const areaId = form.choice('area', req.principal!.organisationsWith(...COMMISSIONING));
    const back = safeBack(body.back);
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        req.session.areaId = areaId;
        return back;
      },
      invalid: () => void seeOther(req, res, back),
    });
  }

  @Roles(...COMMISSIONING)
  @Get()
  async overview(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.show(req, res, 'commissioner/overview', { section: 'overview', o: await this.figures.overview(this.area(req)) });
  }

  @Roles(...COMMISSIONING)
  @Get('gaps')
  async gaps(@Req() req: WebRequest, @Res() res: WebResponse, @Query('by') by?: string) {
    const dimension = gapDimension(by);
    const gaps = await this.figures.gaps(this.area(req), dimension);
    await this.show(req, res, 'commissioner/gaps', { section: 'gaps', gaps, asOf: gaps.asOf, dimension, dimensions: DIMENSIONS });
  }

  @Roles(...COMMISSIONING)
  @Get('equity')
  async equity(@Req() req: WebRequest, @Res() res: WebResponse, @Query('by') by?: string) {
    await this.renderEquity(req, res, equityDimension(by), {});
  }

  /** The area's population for a breakdown, from a CSV file of "group,population" lines; each mistake names its line. */
  @Roles(Role.Commissioner)
  @Post('equity/population')
  @OneFileUpload('file', 3)
  async population(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Body() body: FormBody,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    const form = new Form(body);
    const dimension = form.choice('by', EQUITY_DIMENSIONS) as EquityDimensionKey;
    if (!file) form.errors.push({ field: 'file', kind: 'required' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const text = file!.buffer.toString('utf8');
        if (text.includes('\uFFFD')) throw new FormInvalid([{ field: 'file', kind: 'not_utf8' }]);
        const groups = await this.insights.uploadPopulation(this.area(req), dimension, text);
        req.session.flash = { key: 'area.equity.uploaded', params: { count: String(groups) } };
        return `/area/equity?by=${dimension}`;
      },
      invalid: (errors) => void this.renderEquity(req, res, dimension || 'ethnic_group', { errors }, 400),
      fieldOf: () => 'file',
    });
  }

  @Roles(...COMMISSIONING)
  @Get('timeliness')
  async timeliness(@Req() req: WebRequest, @Res() res: WebResponse) {
    const { tl, months, asOf } = await this.figures.timeliness(this.area(req));
    await this.show(req, res, 'commissioner/timeliness', { section: 'timeliness', tl, months, asOf });
  }

  @Roles(...COMMISSIONING)
  @Get('spend')
  async spend(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.show(req, res, 'commissioner/spend', { section: 'spend', s: await this.figures.spend(this.area(req)) });
  }

  @Roles(...COMMISSIONING)
  @Get('outcomes')
  async outcomes(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.show(req, res, 'commissioner/outcomes', { section: 'outcomes', o: await this.figures.outcomes(this.area(req)) });
  }

  @Roles(...COMMISSIONING)
  @Get('decisions')
  async decisions(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.show(req, res, 'commissioner/decisions', { section: 'decisions', d: await this.figures.decisions(this.area(req)) });
  }

  /** Fresh figures: the worker refreshes the read models within a minute. */
  @Roles(...COMMISSIONING)
  @Post('refresh')
  async refresh(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const back = safeBack(body.back);
    await this.forms.submit(req, res, {
      work: async () => {
        await this.refresher.ask(this.clock.now());
        req.session.flash = { key: 'area.refreshAsked' };
        return back;
      },
      invalid: () => undefined,
    });
  }

  @Roles(...COMMISSIONING)
  @Get('settings')
  async settingsPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.renderSettings(req, res, {});
  }

  /** A new version of the sign-off policy: the tiers' limits and the deadlines, with why. */
  @Roles(Role.Commissioner)
  @Post('settings/policy')
  async changePolicy(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const areaId = this.area(req);
    const { policy } = await this.settings.policy(req.principal!, areaId);
    const form = new Form(body);
    const limited = (policy?.rules.tiers ?? []).filter((t) => t.upToPence !== null);
    const tierLimits = limited.map((_, i) => form.money(`tier${i}`));
    const days = (name: string, max = 60) => form.whole(name, 1, max);
    const deadlines = {
      decideWithinWorkingDays: days('decideWithinWorkingDays'),
      appealWithinWorkingDays: days('appealWithinWorkingDays'),
      rapidReviewWithinWorkingDays: days('rapidReviewWithinWorkingDays'),
      escalateAfterWorkingDays: days('escalateAfterWorkingDays'),
      escalateTo: policy?.rules.deadlines.escalateTo ?? [],
      unpaidAfterDays: days('unpaidAfterDays', 365),
    };
    const note = form.text('note', { max: 500 });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const version = await this.settings.changePolicy(req.principal!, areaId, { tierLimits, deadlines, note });
        // The figures counting unpaid items by the old deadline are worked out again when next read.
        await this.figures.policyChanged(areaId);
        req.session.flash = { key: 'area.settings.saved', params: { version: String(version) } };
        return '/area/settings';
      },
      invalid: (errors) => void this.renderSettings(req, res, { errors, values: body }, 400),
    });
  }

  /** The area's words on the public "personal health budgets" page, one topic in one language. */
  @Roles(Role.Commissioner)
  @Post('settings/information')
  async information(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const form = new Form(body);
    const topic = form.choice('topic', AREA_TOPICS);
    const language = form.choice('language', ['en', 'ur'] as const);
    const text = form.text('body', { required: false, max: 2000 });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.settings.setInformation(req.principal!, this.area(req), topic, language, text);
        req.session.flash = { key: 'area.settings.informationSaved' };
        return '/area/settings';
      },
      invalid: (errors) => void this.renderSettings(req, res, { errors, values: body }, 400),
    });
  }

  /** Every table of the workspace as CSV that a spreadsheet opens as written. */
  @Roles(...COMMISSIONING)
  @Get(':table.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@Req() req: WebRequest, @Res() res: WebResponse, @Param('table') table: string, @Query('by') by?: string) {
    if (!(TABLES as readonly string[]).includes(table)) return this.pages.problem(req, res, 'not_found');
    const csv = await this.table(this.area(req), table as (typeof TABLES)[number], by);
    res.setHeader('Content-Disposition', `attachment; filename="${table}${by ? `-${gapOrEquity(table, by)}` : ''}.csv"`);
    res.send(csv);
  }

  /** The charts as SVG files that parse as XML (every text escaped). */
  @Roles(...COMMISSIONING)
  @Get('charts/:chart.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  async chart(@Req() req: WebRequest, @Res() res: WebResponse, @Param('chart') chart: string, @Query('by') by?: string) {
    const areaId = this.area(req);
    const t = this.pages.translator(req);
    switch (chart) {
      case 'gaps':
        return void res.send(gapsSvg(await this.figures.gaps(areaId, gapDimension(by))));
      case 'districts':
        return void res.send(districtMapSvg(await this.figures.gaps(areaId, 'district'), t('area.gaps.mapTitle')));
      case 'matrix':
        return void res.send(
          gapMatrixSvg(
            await this.figures.matrix(areaId),
            (c) => termName(CATEGORIES, c),
            (l) => termName(LANGUAGES, l),
          ),
        );
      case 'timeliness':
        return void res.send(timelinessSvg((await this.figures.timeliness(areaId)).months));
      default:
        return this.pages.problem(req, res, 'not_found');
    }
  }

  /** A quarter's figures on one printable page, for a board paper. */
  @Roles(...COMMISSIONING)
  @Get('report')
  async report(@Req() req: WebRequest, @Res() res: WebResponse) {
    const areaId = this.area(req);
    const [o, d] = await Promise.all([this.figures.overview(areaId), this.figures.decisions(areaId)]);
    const now = this.clock.now();
    const quarter = `${now.getUTCFullYear()} Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    await this.show(req, res, 'commissioner/report', { section: 'report', o, s: o.spend, d, quarter });
  }

  private async table(areaId: string, table: (typeof TABLES)[number], by: string | undefined): Promise<string> {
    const d = (c: SafeCount) => c.display;
    switch (table) {
      case 'gaps': {
        const g = await this.figures.gaps(areaId, gapDimension(by));
        return tableCsv(
          [g.dimension, 'score', 'offerings', 'searches', 'searches finding nothing', 'plan items asked', 'plan items declined'],
          g.gaps.map((r) => [r.label, r.score, d(r.supply), d(r.searches), d(r.zeroResultSearches), d(r.planItems), d(r.declined)]),
        );
      }
      case 'equity': {
        const e = await this.figures.equity(areaId, equityDimension(by));
        return tableCsv(
          [
            'group',
            'holders',
            'share of all holders',
            'share of population',
            'approved items',
            'declined items',
            'decline rate',
            'share of spending shown',
          ],
          e.groups.map((g) => [
            g.label,
            d(g.holders),
            g.shareOfHolders,
            g.shareOfPopulation ?? '',
            d(g.approvedItems),
            d(g.declinedItems),
            g.declineRate,
            g.shareOfSpend,
          ]),
        );
      }
      case 'spend': {
        const s = await this.figures.spend(areaId);
        return tableCsv(
          ['category', 'from the directory (£)', 'outside the directory (£)', 'all (£)', 'share of spending shown'],
          s.byCategory.map((c) => [c.label, pounds(c.inDirectory), pounds(c.outside), pounds(c.all), c.share]),
        );
      }
      case 'timeliness': {
        const { tl: t } = await this.figures.timeliness(areaId);
        return tableCsv(
          ['stage', 'cases', 'median days', '90th percentile days'],
          t.stages.map((s) => [s.stage, d(s.cases), s.medianDays ?? 'withheld', s.p90Days ?? 'withheld']),
        );
      }
      case 'decisions': {
        const x = await this.figures.decisions(areaId);
        return tableCsv(
          ['what', 'count'],
          [...x.declineReasons.map((r) => [`declined: ${r.key}`, d(r.count)]), ...x.appeals.map((a) => [`appeal ${a.key}`, d(a.count)])],
        );
      }
      case 'outcomes': {
        const o = await this.figures.outcomes(areaId);
        return tableCsv(
          ['category', 'goals', 'median baseline', 'median rating at review', 'median change', 'share improved'],
          o.categories.map((c) => [
            c.label,
            d(c.goals),
            c.medianBaseline ?? 'withheld',
            c.medianRating ?? 'withheld',
            c.medianChange ?? 'withheld',
            c.improved,
          ]),
        );
      }
    }
  }

  private async renderEquity(
    req: WebRequest,
    res: WebResponse,
    dimension: EquityDimensionKey,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const areaId = this.area(req);
    const [equity, detail] = await Promise.all([
      this.figures.equity(areaId, dimension),
      // Beside the five census groups, the nineteen where numbers allow.
      dimension === 'ethnic_group' ? this.figures.equity(areaId, 'ethnicity') : Promise.resolve(null),
    ]);
    await this.show(
      req,
      res,
      'commissioner/equity',
      { page: 'areaEquity', section: 'equity', equity, detail, dimension, dimensions: EQUITY_DIMENSIONS, ...data },
      status,
    );
  }

  private async renderSettings(req: WebRequest, res: WebResponse, data: Record<string, unknown>, status = 200) {
    const areaId = this.area(req);
    const [{ policy, history }, information] = await Promise.all([
      this.settings.policy(req.principal!, areaId),
      this.settings.information(req.principal!, areaId),
    ]);
    await this.show(
      req,
      res,
      'commissioner/settings',
      {
        page: 'areaSettings',
        section: 'settings',
        policy,
        // The tiers whose upper limit can be changed, in order (the others have none).
        limits: (policy?.rules.tiers ?? []).filter((t) => t.upToPence !== null),
        history,
        information,
        topics: AREA_TOPICS,
        canChange: req.principal!.isMemberOf(areaId, Role.Commissioner),
        ...data,
      },
      status,
    );
  }
}

/** Back to a page of the workspace, and only there. */
const safeBack = (back: unknown) => (typeof back === 'string' && /^\/area(\/[a-z]+)?$/.test(back) ? back : '/area');

function gapDimension(by: string | undefined): Dimension {
  const dimension = (by || 'category') as Dimension;
  if (!DIMENSIONS.includes(dimension)) throw DomainError.notFound('That breakdown');
  return dimension;
}

function equityDimension(by: string | undefined): EquityDimensionKey {
  const dimension = (by || 'ethnic_group') as EquityDimensionKey;
  if (!EQUITY_DIMENSIONS.includes(dimension)) throw DomainError.notFound('That breakdown');
  return dimension;
}

const gapOrEquity = (table: string, by: string) => (table === 'gaps' ? gapDimension(by) : equityDimension(by));
