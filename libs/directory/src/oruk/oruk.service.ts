import type { ServiceContact, ServiceSchedule } from '../proposals';
import { Injectable } from '@nestjs/common';
import { DomainError, FieldProblem, isUuid, Money, parseCalendarDate, parseDateTime, stableUuid, textProblem } from '@kinwell/kernel';
import { ACCESSIBILITY, CATEGORY_TAXONOMY, LANGUAGES, postcodeDistrict, termName } from '../vocabulary';
import { DirectoryRepository } from '../directory.repository';
import { OrukLocationRow, OrukOfferingRow, OrukOrganisationRow, OrukRepository, OrukServiceRow, OrukTermRow } from './oruk.repository';

/** The one taxonomy Kinwell publishes: its PHB spending categories. */
export const KINWELL_TAXONOMY = {
  id: stableUuid('kinwell', 'taxonomy', CATEGORY_TAXONOMY),
  name: 'Kinwell personal health budget categories',
  description: 'What personal health budgets in mental health are spent on, as used by NHS sites running them.',
  uri: 'https://kinwell.example.org/taxonomies/phb-categories',
  version: '1',
};

export interface OrukPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

type Query = Record<string, unknown>;

/**
 * The ORUK validator reads JSON strictly: a field Kinwell does not know is left out, never sent
 * as null. Applied to every document the feed sends.
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).flatMap(([k, v]) => (v === null || v === undefined ? [] : [[k, withoutNulls(v)]])),
    ) as T;
  }
  return value;
}

const PRICE_UNIT_TEXT: Record<string, string> = {
  one_off: '',
  per_session: ' per session',
  per_hour: ' per hour',
  per_month: ' per month',
};

export const ORUK_MAX_PER_PAGE = 100;

/** Maps the approved directory to Open Referral UK (HSDS 3.0) JSON. */
@Injectable()
export class OrukService {
  constructor(
    private readonly oruk: OrukRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  info(baseUrl: string) {
    return {
      version: '3.0.0',
      profile: 'https://openreferraluk.org/docs/profile/3.0',
      // The feed follows the standard HSDS 3.0 API description rather than publishing its own copy.
      openapi_url: 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
      base_url: `${baseUrl}/oruk`,
    };
  }

  async services(query: Query): Promise<OrukPage<unknown>> {
    const problems: FieldProblem[] = [];
    const { page, perPage } = paging(query, problems);
    const search = text(query, 'search', 200, problems);
    const taxonomyTermId = uuid(query, 'taxonomy_term_id', problems);
    const taxonomyId = uuid(query, 'taxonomy_id', problems);
    const organizationId = uuid(query, 'organization_id', problems);
    const modifiedAfter = date(query, 'modified_after', problems);
    if (problems.length) throw DomainError.validation(problems);
    if (taxonomyId && taxonomyId !== KINWELL_TAXONOMY.id) return pageOf([], 0, page, perPage);
    const { rows, total } = await this.oruk.services(
      { search, taxonomyTermId, organizationId, modifiedAfter },
      perPage,
      (page - 1) * perPage,
    );
    return pageOf(await this.nestServices(rows), total, page, perPage);
  }

  async service(id: string): Promise<unknown> {
    const row = await this.oruk.service(idParam(id));
    if (!row) throw DomainError.notFound('That service');
    return withoutNulls((await this.nestServices([row]))[0]);
  }

  async taxonomies(query: Query): Promise<OrukPage<unknown>> {
    const problems: FieldProblem[] = [];
    const { page, perPage } = paging(query, problems);
    if (problems.length) throw DomainError.validation(problems);
    return pageOf(page === 1 ? [KINWELL_TAXONOMY] : [], 1, page, perPage);
  }

  taxonomy(id: string): unknown {
    if (idParam(id) !== KINWELL_TAXONOMY.id) throw DomainError.notFound('That taxonomy');
    return KINWELL_TAXONOMY;
  }

  async taxonomyTerm(id: string): Promise<unknown> {
    const row = await this.oruk.term(idParam(id));
    if (!row || row.taxonomy !== CATEGORY_TAXONOMY) throw DomainError.notFound('That taxonomy term');
    return withoutNulls(term(row));
  }

  async organizations(query: Query): Promise<OrukPage<unknown>> {
    const problems: FieldProblem[] = [];
    const { page, perPage } = paging(query, problems);
    if (problems.length) throw DomainError.validation(problems);
    const { rows, total } = await this.oruk.organisations(perPage, (page - 1) * perPage);
    return pageOf(rows.map(organization), total, page, perPage);
  }

  async organization(id: string): Promise<unknown> {
    const { rows } = await this.oruk.organisations(1, 0, idParam(id));
    if (!rows.length) throw DomainError.notFound('That organization');
    const { rows: services } = await this.oruk.services({ organizationId: rows[0].id }, ORUK_MAX_PER_PAGE, 0);
    return withoutNulls({ ...organization(rows[0]), services: await this.nestServices(services) });
  }

  async serviceAtLocation(id: string): Promise<unknown> {
    const { rows } = await this.oruk.serviceAtLocations(null, 1, 0, idParam(id));
    if (!rows.length) throw DomainError.notFound('That service at a location');
    const service = await this.oruk.service(rows[0].service_id);
    return withoutNulls({ ...serviceAtLocation(rows[0]), service: service ? (await this.nestServices([service]))[0] : undefined });
  }

  async taxonomyTerms(query: Query): Promise<OrukPage<unknown>> {
    const problems: FieldProblem[] = [];
    const { page, perPage } = paging(query, problems);
    const taxonomyId = uuid(query, 'taxonomy_id', problems);
    if (problems.length) throw DomainError.validation(problems);
    if (taxonomyId && taxonomyId !== KINWELL_TAXONOMY.id) return pageOf([], 0, page, perPage);
    const { rows, total } = await this.oruk.terms(CATEGORY_TAXONOMY, perPage, (page - 1) * perPage);
    return pageOf(rows.map(term), total, page, perPage);
  }

  async serviceAtLocations(query: Query): Promise<OrukPage<unknown>> {
    const problems: FieldProblem[] = [];
    const { page, perPage } = paging(query, problems);
    const postcode = text(query, 'postcode', 10, problems);
    const proximity = integer(query, 'proximity', 1, 200_000, problems);
    let near: { latitude: number; longitude: number; metres: number } | null = null;
    if (postcode) {
      const district = postcodeDistrict(postcode);
      const centre = district ? await this.directory.findPostcodeDistrict(district) : null;
      if (!centre)
        problems.push({ field: 'postcode', message: district ? `we do not know where ${district} is yet` : 'must be a UK postcode' });
      else near = { latitude: centre.latitude, longitude: centre.longitude, metres: proximity ?? 5000 };
    } else if (proximity !== undefined) {
      problems.push({ field: 'proximity', message: 'needs a postcode' });
    }
    if (problems.length) throw DomainError.validation(problems);
    const { rows, total } = await this.oruk.serviceAtLocations(near, perPage, (page - 1) * perPage);
    return pageOf(rows.map(serviceAtLocation), total, page, perPage);
  }

  private async nestServices(rows: OrukServiceRow[]): Promise<unknown[]> {
    const ids = rows.map((r) => r.id);
    const [locations, offerings, terms] = await Promise.all([this.oruk.locationsOf(ids), this.oruk.offeringsOf(ids), this.oruk.allTerms()]);
    const termByCode = new Map(terms.map((t) => [t.code, t]));
    return rows.map((s) => {
      const own = offerings.filter((o) => o.service_id === s.id);
      const categories = [...new Set(own.map((o) => o.category_code))].map((c) => termByCode.get(c)).filter((t): t is OrukTermRow => !!t);
      return {
        id: s.id,
        organization_id: s.organisation_id,
        name: s.name,
        alternate_name: null,
        description: s.description,
        url: s.url,
        email: s.email,
        status: 'active',
        interpretation_services: s.interpreter_available ? 'Interpreters can be arranged' : null,
        application_process: 'Ask your personal health budget broker, or contact the provider.',
        fees_description: own.length ? `${own.length} priced option(s); see cost_options` : null,
        eligibility_description: s.eligibility_description,
        minimum_age: s.minimum_age,
        maximum_age: s.maximum_age,
        assured_date: new Date(s.last_confirmed_at).toISOString().slice(0, 10),
        last_modified: new Date(s.last_modified).toISOString(),
        organization: {
          id: s.organisation_id,
          name: s.org_name,
          description: s.org_description,
          website: s.org_website,
          email: s.org_email,
        },
        languages: s.languages.map((code) => ({
          id: stableUuid('language', s.id, code),
          service_id: s.id,
          name: termName(LANGUAGES, code),
          code,
          note: null,
        })),
        cost_options: own.map(costOption),
        service_at_locations: locations.filter((l) => l.service_id === s.id).map(serviceAtLocation),
        attributes: categories.map((t) => ({
          id: stableUuid('attribute', s.id, t.id),
          link_id: s.id,
          link_type: 'service',
          link_entity: 'service',
          taxonomy_term_id: t.id,
          taxonomy_term: term(t),
          value: null,
        })),
        phones: [],
        schedules: s.schedules.map((x, i) => schedule(s.id, x, i)),
        service_areas: s.service_areas.map((district) => ({
          id: stableUuid('service-area', s.id, district),
          service_id: s.id,
          name: district,
          description: `Postcode district ${district}`,
          extent_type: 'postcode_district',
          extent: district,
        })),
        contacts: s.contacts.map((c, i) => contact(s.id, c, i)),
        funding: [],
        required_documents: [],
        metadata: [],
      };
    });
  }
}

/** HSDS omits what is unknown rather than sending null, which the ORUK validator reads as a wrong type. */
const present = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as T;

function schedule(serviceId: string, s: ServiceSchedule, i: number) {
  return present({
    id: stableUuid('schedule', serviceId, String(i)),
    service_id: serviceId,
    freq: 'WEEKLY',
    interval: 1,
    byday: s.byDay,
    opens_at: s.opensAt,
    closes_at: s.closesAt,
    description: s.note,
    attributes: [],
    metadata: [],
  });
}

function contact(serviceId: string, c: ServiceContact, i: number) {
  const id = stableUuid('contact', serviceId, String(i));
  return present({
    id,
    service_id: serviceId,
    name: c.name,
    title: c.title,
    email: c.email,
    phones: c.phone
      ? [
          {
            id: stableUuid('contact-phone', id),
            contact_id: id,
            number: c.phone,
            type: 'voice',
            languages: [],
            attributes: [],
            metadata: [],
          },
        ]
      : [],
    attributes: [],
    metadata: [],
  });
}

function costOption(o: OrukOfferingRow) {
  const price = Money.ofPence(o.price_pence);
  return {
    id: o.id,
    service_id: o.service_id,
    option: o.name,
    currency: 'GBP',
    // HSDS wants a decimal amount; it is built from the exact pence, never float arithmetic.
    amount: Number(price.toDecimalPounds()),
    amount_description: `${price.format()}${PRICE_UNIT_TEXT[o.price_unit] ?? ''}`,
    valid_from: null,
    valid_to: null,
    attributes: [],
    metadata: [],
  };
}

function location(l: OrukLocationRow) {
  return {
    id: l.id,
    location_type: 'physical',
    organization_id: l.organisation_id,
    name: l.name,
    latitude: l.latitude,
    longitude: l.longitude,
    addresses: [
      {
        id: stableUuid('address', l.id),
        location_id: l.id,
        address_1: l.address_line,
        city: l.town,
        region: null,
        state_province: 'England',
        postal_code: l.postcode,
        country: 'GB',
        address_type: 'physical',
      },
    ],
    accessibility: l.accessibility.map((code) => ({
      id: stableUuid('accessibility', l.id, code),
      location_id: l.id,
      description: termName(ACCESSIBILITY, code),
      details: null,
      url: null,
    })),
    languages: [],
    contacts: [],
    phones: [],
    schedules: [],
    attributes: [],
    metadata: [],
  };
}

function term(t: OrukTermRow) {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    description: t.description,
    parent_id: t.parent_id,
    taxonomy: KINWELL_TAXONOMY.name,
    taxonomy_id: KINWELL_TAXONOMY.id,
    taxonomy_detail: KINWELL_TAXONOMY,
    language: 'en',
    term_uri: null,
  };
}

function serviceAtLocation(l: OrukLocationRow) {
  return {
    id: l.sal_id,
    service_id: l.service_id,
    location_id: l.id,
    location: location(l),
    contacts: [],
    phones: [],
    schedules: [],
    attributes: [],
    metadata: [],
  };
}

function organization(o: OrukOrganisationRow) {
  return {
    id: o.id,
    name: o.name,
    description: o.description,
    website: o.website,
    email: o.email,
    uri: o.website,
    attributes: [],
    organization_identifiers: [],
  };
}

function pageOf<T>(contents: T[], total: number, page: number, perPage: number): OrukPage<T> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents: withoutNulls(contents),
  };
}

function idParam(id: string): string {
  if (!isUuid(id)) throw DomainError.validation([{ field: 'id', message: 'must be a UUID' }]);
  return id;
}

function single(query: Query, name: string, problems: FieldProblem[]): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push({ field: name, message: 'must be given once' });
    return undefined;
  }
  const problem = textProblem(value);
  if (problem) {
    problems.push({ field: name, message: problem });
    return undefined;
  }
  return value;
}

function integer(query: Query, name: string, min: number, max: number, problems: FieldProblem[]): number | undefined {
  const value = single(query, name, problems);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push({ field: name, message: `must be a whole number from ${min} to ${max}` });
    return undefined;
  }
  return Number(value);
}

function paging(query: Query, problems: FieldProblem[]) {
  return {
    page: integer(query, 'page', 1, 100_000, problems) ?? 1,
    perPage: integer(query, 'per_page', 1, ORUK_MAX_PER_PAGE, problems) ?? 20,
  };
}

function text(query: Query, name: string, max: number, problems: FieldProblem[]): string | undefined {
  const value = single(query, name, problems)?.trim();
  if (value && value.length > max) problems.push({ field: name, message: `must be at most ${max} characters` });
  return value || undefined;
}

function uuid(query: Query, name: string, problems: FieldProblem[]): string | undefined {
  const value = single(query, name, problems);
  if (value !== undefined && !isUuid(value)) problems.push({ field: name, message: 'must be a UUID' });
  return value;
}

function date(query: Query, name: string, problems: FieldProblem[]): Date | undefined {
  const value = single(query, name, problems);
  if (value === undefined) return undefined;
  const parsed = parseCalendarDate(value) ? new Date(`${value}T00:00:00Z`) : parseDateTime(value);
  if (!parsed) {
    problems.push({ field: name, message: 'must be a date (YYYY-MM-DD) or a date-time with its offset' });
    return undefined;
  }
  return parsed;
}
