import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ACCESSIBILITY,
  CATEGORIES,
  COMMUNITIES,
  DeliveryMode,
  DirectoryLookup,
  LANGUAGES,
  ListedService,
  Offering,
  ProviderProfile,
  Term,
} from '@kinwell/directory';
import { Public, RateLimit, RequestThrottle } from '@kinwell/identity';
import { DomainError, isUuid, Money } from '@kinwell/kernel';
import { PlanViews } from '@kinwell/plans';
import { FoundPage, OfferingFinder, offsetCursor, SearchRequest } from '@kinwell/search';
import { FieldError } from '../core/forms';
import { PageIdPipe } from '../core/page-id.pipe';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const PAGE_SIZE = 10;
const RADII = ['1', '3', '5', '10', '25'];
const codes = (terms: Term[]) => terms.map((t) => t.code);
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string').slice(0, 50);

/** What the search form asked, as typed, so the page can show it back. */
interface Asked {
  q: string;
  category: string[];
  language: string[];
  community: string[];
  mode: string[];
  access: string[];
  peerLed: boolean;
  postcode: string;
  radius: string;
  maxPrice: string;
  withinBudget: boolean;
  /** Searching for someone else's plan (a carer's): its id. */
  forPlan: string;
  page: number;
}

export interface OfferingCard {
  offering: Offering;
  service: ListedService | undefined;
  provider: ProviderProfile | undefined;
  providerName: string;
  distanceKm: number | null;
}

/**
 * Find support: the whole directory search as a GET form (works without JavaScript, and a search can be
 * bookmarked or shared), facets as checkboxes, and the offering and provider pages.
 */
@Controller('find-support')
@Public()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class FindSupportController {
  constructor(
    private readonly pages: Pages,
    private readonly finder: OfferingFinder,
    private readonly directory: DirectoryLookup,
    private readonly throttle: RequestThrottle,
    private readonly plans: PlanViews,
  ) {}

  @Get()
  async search(@Req() req: WebRequest, @Res() res: WebResponse, @Query() query: Record<string, unknown>) {
    const asked = this.asked(query);
    const errors: FieldError[] = [];
    const holder = req.principal ? await this.holderBudget(req) : null;
    const request = this.request(asked, errors, holder?.leftPence ?? null);
    let found: FoundPage | null = null;
    if (!errors.length) {
      try {
        found = await this.finder.find({ ...request, recordDemand: await this.throttle.mayRecordDemand(req) });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
        for (const f of error.fields) errors.push({ field: f.field === 'filter.near.postcode' ? 'postcode' : f.field, kind: 'search' });
      }
    }
    const cards = found
      ? await this.cards(
          found.results.map((r) => r.offering),
          found.results.map((r) => r.distanceKm),
        )
      : [];
    this.pages.render(
      req,
      res,
      'public/find-support',
      {
        page: 'findSupport',
        errors,
        asked,
        found,
        cards,
        holder,
        options: {
          categories: this.offered(codes(CATEGORIES), asked.category, found, 'categories'),
          languages: this.offered(codes(LANGUAGES), asked.language, found, 'languages'),
          communities: this.offered(codes(COMMUNITIES), asked.community, found, 'communities'),
          modes: this.offered(Object.values(DeliveryMode), asked.mode, found, 'deliveryModes'),
          access: codes(ACCESSIBILITY),
          radii: RADII,
        },
        pagination: found ? this.pagination(asked, found) : null,
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('offerings/:id')
  async offering(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id', PageIdPipe) id: string) {
    const [offering] = await this.directory.publicOfferings([id]);
    if (!offering) throw DomainError.notFound('That offering');
    const [card] = await this.cards([offering], [null]);
    const locations = await this.directory.publicLocationsOfServices([offering.serviceId]);
    const holder = req.principal ? await this.holderBudget(req) : null;
    this.pages.render(req, res, 'public/offering', { card, locations, holder });
  }

  @Get('providers/:id')
  async provider(@Req() req: WebRequest, @Res() res: WebResponse, @Param('id', PageIdPipe) id: string) {
    const [provider] = await this.directory.publicProvidersByIds([id]);
    if (!provider) throw DomainError.notFound('That provider');
    const services = await this.directory.publicServicesOf([id]);
    const offerings = await this.directory.publicOfferingsOfServices(services.map((s) => s.id));
    this.pages.render(req, res, 'public/provider', { provider, name: provider.organisation?.name ?? '', services, offerings });
  }

  /**
   * The choices worth offering for a facet: what the results contain, and whatever is already ticked, in the
   * vocabulary's order. A box that would find nothing is noise on a phone (and costs time to draw).
   */
  private offered(all: string[], selected: string[], found: FoundPage | null, facet: keyof FoundPage['facets']): string[] {
    if (!found) return all;
    const present = new Set([...selected, ...found.facets[facet].filter((f) => f.count > 0).map((f) => f.value)]);
    return all.filter((code) => present.has(code));
  }

  private async cards(offerings: Offering[], distances: Array<number | null>): Promise<OfferingCard[]> {
    const { services, providers } = await this.finder.listingsOf(offerings);
    return offerings.map((offering, i) => ({
      offering,
      service: services.get(offering.serviceId),
      provider: providers.get(offering.organisationId),
      providerName: providers.get(offering.organisationId)?.organisation?.name ?? '',
      distanceKm: distances[i],
    }));
  }

  /**
   * A signed-in holder sees what is left of their budget, can search within it and add what they find to their
   * plan. Someone searching for another person's plan (a carer, from that plan's page) names it with `for`, and
   * sees the same, if PlanViews lets them see that plan.
   */
  private async holderBudget(req: WebRequest): Promise<{ planId: string; leftPence: number; forName: string | null } | null> {
    const given = typeof req.query.for === 'string' && isUuid(req.query.for) ? req.query.for : null;
    let planId = given;
    if (!planId) {
      const mine = await this.plans.mine(req.principal!);
      planId = (mine && this.plans.current(mine.plans))?.id ?? null;
    }
    if (!planId) return null;
    const view = await this.plans.plan(req.principal!, planId);
    return { planId, leftPence: view.budget.left.pence, forName: view.isHolder ? null : view.holder.preferredName };
  }

  private asked(query: Record<string, unknown>): Asked {
    const one = (k: string) => (typeof query[k] === 'string' ? query[k].slice(0, 200) : '');
    const page = Number(one('page'));
    return {
      q: one('q'),
      category: list(query.category),
      language: list(query.language),
      community: list(query.community),
      mode: list(query.mode),
      access: list(query.access),
      peerLed: one('peerLed') === 'yes',
      postcode: one('postcode'),
      radius: RADII.includes(one('radius')) ? one('radius') : '5',
      maxPrice: one('maxPrice'),
      withinBudget: one('withinBudget') === 'yes',
      forPlan: isUuid(one('for')) ? one('for') : '',
      page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
    };
  }

  private request(asked: Asked, errors: FieldError[], leftPence: number | null): SearchRequest {
    let maxPricePence: number | undefined;
    if (asked.maxPrice.trim()) {
      try {
        maxPricePence = Money.parse(asked.maxPrice).pence;
        if (maxPricePence < 0) throw new Error('negative');
      } catch {
        errors.push({ field: 'maxPrice', kind: 'money' });
      }
    }
    if (asked.withinBudget && leftPence != null) maxPricePence = Math.min(maxPricePence ?? leftPence, leftPence);
    const valid = (values: string[], allowed: string[]) => values.filter((v) => allowed.includes(v));
    return {
      text: asked.q,
      filter: {
        categories: valid(asked.category, codes(CATEGORIES)),
        languages: valid(asked.language, codes(LANGUAGES)),
        communities: valid(asked.community, codes(COMMUNITIES)),
        deliveryModes: valid(asked.mode, Object.values(DeliveryMode)),
        accessibility: valid(asked.access, codes(ACCESSIBILITY)),
        ...(asked.peerLed ? { peerLed: true } : {}),
        ...(maxPricePence != null ? { maxPricePence } : {}),
        ...(asked.postcode.trim() ? { near: { postcode: asked.postcode, radiusKm: Number(asked.radius) } } : {}),
      },
      sort: 'relevance',
      first: PAGE_SIZE,
      after: asked.page > 1 ? this.cursorBefore(asked.page) : null,
      source: 'web',
    };
  }

  private cursorBefore(page: number): string {
    return offsetCursor((page - 1) * PAGE_SIZE - 1);
  }

  private pagination(asked: Asked, found: FoundPage) {
    const href = (page: number) => {
      const q = new URLSearchParams();
      const add = (k: string, v: string | string[] | boolean) => {
        if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
        else if (v === true) q.append(k, 'yes');
        else if (typeof v === 'string' && v) q.append(k, v);
      };
      for (const [k, v] of Object.entries(asked)) if (!['page', 'radius', 'forPlan'].includes(k)) add(k, v as string | string[] | boolean);
      if (asked.postcode) q.append('radius', asked.radius);
      if (asked.forPlan) q.append('for', asked.forPlan);
      q.append('page', String(page));
      return `/find-support?${q.toString()}`;
    };
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    return {
      current: asked.page,
      pages,
      previous: asked.page > 1 ? href(asked.page - 1) : null,
      next: asked.page < pages ? href(asked.page + 1) : null,
    };
  }
}
