import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { ApprovalsView, CASELOAD_SORTS, CaseloadQueries, CaseloadSort, PLAN_FILTERS, PlanFilter } from '@kinwell/plans';
import { PageErrorFilter } from '../core/page-error.filter';
import { daysSince } from '../core/days';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const PER_PAGE = 50;
// Where each worklist leads: its own page, or the caseload below filtered or sorted to show it.
const WORKLIST_LINKS: Record<string, string> = {
  requests: '/broker/requests',
  drafts: '/broker?plan=draft',
  waiting: '/broker?sort=waiting',
  unpaid: '/broker?sort=unpaid',
  exceptions: '/broker/exceptions',
};

/** A clinician's start: what waits for their decision, and their team's holders with each one's plan. */
@Controller('team')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class TeamController {
  constructor(
    private readonly pages: Pages,
    private readonly caseload: CaseloadQueries,
    private readonly approvals: ApprovalsView,
  ) {}

  @Roles(Role.CareCoordinator, Role.TeamLead)
  @Get()
  async home(@Req() req: WebRequest, @Res() res: WebResponse, @Query('page') pageAsked?: string) {
    const page = /^\d{1,4}$/.test(pageAsked ?? '') ? Math.max(1, Number(pageAsked)) : 1;
    const [waiting, { rows, total }] = await Promise.all([
      this.approvals.inbox(req.principal!),
      this.caseload.caseload(req.principal!, { of: 'team', sort: 'waiting', page, perPage: PER_PAGE }),
    ]);
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const oldest = waiting.reduce<Date | null>((o, r) => (!o || r.item.requestedAt < o ? r.item.requestedAt : o), null);
    this.pages.render(req, res, 'broker/team', {
      waiting: waiting.length,
      oldestDays: oldest ? daysSince(oldest) : null,
      rows,
      total,
      canInvite: false,
      pagination: {
        current: page,
        pages,
        previous: page > 1 ? `/team?page=${page - 1}` : null,
        next: page < pages ? `/team?page=${page + 1}` : null,
      },
    });
  }
}

/** The broker's start: what needs doing (each with a count and how long the oldest has waited), then the caseload. */
@Controller('broker')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class CaseloadController {
  constructor(
    private readonly pages: Pages,
    private readonly caseload: CaseloadQueries,
  ) {}

  @Roles(Role.BrokerStaff)
  @Get()
  async home(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @Query('plan') planAsked?: string,
    @Query('sort') sortAsked?: string,
    @Query('name') nameAsked?: string,
    @Query('page') pageAsked?: string,
  ) {
    // Anything odd in the address is read as "no filter", never a 500: it is a person's link, not our mistake.
    const plan = (PLAN_FILTERS as readonly string[]).includes(planAsked ?? '') ? (planAsked as PlanFilter) : undefined;
    const sort: CaseloadSort = (CASELOAD_SORTS as readonly string[]).includes(sortAsked ?? '') ? (sortAsked as CaseloadSort) : 'name';
    const name = typeof nameAsked === 'string' ? nameAsked.trim().slice(0, 80) : '';
    const page = /^\d{1,4}$/.test(pageAsked ?? '') ? Math.max(1, Number(pageAsked)) : 1;
    const [worklists, { rows, total }] = await Promise.all([
      this.caseload.worklists(req.principal!),
      this.caseload.caseload(req.principal!, { plan, sort, name, page, perPage: PER_PAGE }),
    ]);
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const link = (p: number) =>
      `/broker?${new URLSearchParams({ ...(plan ? { plan } : {}), sort, ...(name ? { name } : {}), page: String(p) }).toString()}`;
    this.pages.render(req, res, 'broker/caseload', {
      worklists: worklists.map((w) => ({
        ...w,
        href: WORKLIST_LINKS[w.key] ?? null,
        days: w.oldest ? daysSince(w.oldest) : null,
      })),
      rows,
      total,
      canInvite: true,
      asked: { plan: plan ?? '', sort, name },
      plans: PLAN_FILTERS,
      sorts: CASELOAD_SORTS,
      pagination: { current: page, pages, previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null },
    });
  }
}
