import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ACCESSIBILITY_CODES,
  COMMUNITY_CODES,
  DeliveryMode,
  DirectoryRepository,
  LANGUAGE_CODES,
  ServiceProposal,
  ServiceSchedule,
  WEEKDAYS,
  LocationProposal,
  postcodeDistrict,
  DirectoryService,
  isFailure,
  ListingSubject,
  OfferingKind,
  OfferingProposal,
  PaymentMethod,
  PriceUnit,
  ProviderKind,
  ProviderProposal,
  ProviderWorkspace,
  ProviderWorkspaceQueries,
} from '@kinwell/directory';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { DomainError, isClockTime, isEmailAddress, isPhoneNumber, Money } from '@kinwell/kernel';
import { FieldError, Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import { seeOther, type WebRequest, type WebResponse } from '../core/web-request';

const KINDS = Object.values(OfferingKind);
const SCHEDULE_ROWS = 4;
/** A form's fields as strings, to show a page again as it was typed. */
const flat = (body: FormBody) => Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
const UNITS = Object.values(PriceUnit);
const WITHDRAWABLE: Record<string, ListingSubject> = {
  service: ListingSubject.Service,
  location: ListingSubject.Location,
  offering: ListingSubject.Offering,
};
/** The offering's questions, a page each, then the check page. */
const OFFERING_STEPS = ['details', 'price'] as const;
type OfferingStep = (typeof OFFERING_STEPS)[number];

/**
 * A provider's listings: each with its state in plain words, "still correct" for those going stale,
 * withdrawing, and adding or changing an offering through short question pages, a preview exactly as a
 * holder sees it, and a check-answers page. Every change is a proposal the directory service checks and
 * a moderator decides.
 */
@Controller('provider')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class ListingsController {
  private readonly views = new WeakMap<WebRequest, Map<string, Promise<ProviderWorkspace>>>();

  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly workspace: ProviderWorkspaceQueries,
    private readonly directory: DirectoryService,
    private readonly repository: DirectoryRepository,
  ) {}

  @Roles(Role.ProviderStaff)
  @Get()
  async start(@Req() req: WebRequest, @Res() res: WebResponse) {
    const [first] = req.principal!.organisationsWith(Role.ProviderStaff);
    await seeOther(req, res, `/provider/${first}`);
  }

  @Roles(Role.ProviderStaff)
  @Get('help')
  help(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'provider/help', {});
  }

  @Roles(Role.ProviderStaff)
  @Get(':organisationId')
  async listings(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId }: Record<string, string>) {
    await this.renderListings(req, res, organisationId, [], 200);
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/services/:serviceId/still-correct')
  async stillCorrect(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId, serviceId }: Record<string, string>) {
    await this.forms.submit(req, res, {
      work: async () => {
        const service = await this.repository.findService(serviceId);
        if (!service || service.organisationId !== organisationId) throw DomainError.notFound('That service');
        const done = await this.directory.confirmService(req.principal!, serviceId);
        if (isFailure(done)) throw new FormInvalid([{ field: 'listings', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: 'listings.confirmed', params: { name: service.name } };
        return `/provider/${organisationId}`;
      },
      invalid: (errors) => void this.renderListings(req, res, organisationId, errors, 400),
    });
  }

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/withdraw/:subject/:subjectId')
  async withdrawPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    this.pages.render(req, res, 'provider/withdraw', { page: 'withdraw', ...(await this.withdrawable(req, ids)), ids });
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/withdraw/:subject/:subjectId')
  async withdraw(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    const sure = new Form(body).checked('confirm');
    const found = await this.withdrawable(req, ids);
    await this.forms.submit(req, res, {
      work: async () => {
        if (!sure) throw new FormInvalid([{ field: 'confirm', kind: 'required' }]);
        const done = await this.directory.withdraw(req.principal!, ids.organisationId, found.subject, ids.subjectId);
        if (isFailure(done)) throw new FormInvalid([{ field: 'confirm', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: 'listings.withdrawSent', params: { name: found.name } };
        return `/provider/${ids.organisationId}`;
      },
      invalid: (errors) => void this.pages.render(req, res, 'provider/withdraw', { page: 'withdraw', ...found, ids, errors }, 400),
    });
  }

  // ---- services: what it is, then when and where, then check and send ---------------------------------

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/services/:serviceKey/check')
  async serviceCheck(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const answers = await this.serviceAnswers(req, ids);
    if (!answers.name) return seeOther(req, res, `/provider/${ids.organisationId}/services/${ids.serviceKey}/about`);
    this.pages.render(req, res, 'provider/service-check', await this.serviceData(req, ids, answers, []));
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/services/:serviceKey/check')
  async serviceSend(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const a = await this.serviceAnswers(req, ids);
    await this.forms.submit(req, res, {
      work: async () => {
        if (!a.name || !a.locations) throw new FormInvalid([{ field: 'send', kind: 'incomplete' }]);
        const list = (v: string) => (v ? v.split(',') : []);
        const done = await this.directory.propose(req.principal!, ids.organisationId, ids.serviceKey === 'new' ? null : ids.serviceKey, {
          subject: ListingSubject.Service,
          data: {
            name: a.name,
            description: a.description,
            url: null,
            email: null,
            deliveryModes: list(a.deliveryModes) as DeliveryMode[],
            languages: list(a.languages),
            interpreterAvailable: a.interpreter === 'yes',
            communities: list(a.communities),
            eligibilityDescription: a.eligibility || null,
            minimumAge: null,
            maximumAge: null,
            locationIds: list(a.locations),
            schedules: JSON.parse(a.schedules || '[]') as ServiceSchedule[],
            serviceAreas: list(a.serviceAreas),
            contacts: a.contactName
              ? [{ name: a.contactName, title: null, email: a.contactEmail || null, phone: a.contactPhone || null }]
              : [],
          },
        });
        if (isFailure(done)) throw new FormInvalid([{ field: 'send', kind: 'service', params: { message: done.message } }]);
        delete req.session.listing;
        req.session.flash = { key: 'listings.sent', params: { name: a.name } };
        return `/provider/${ids.organisationId}`;
      },
      invalid: (errors) => void this.renderServiceCheck(req, res, ids, a, errors),
      fieldOf: () => 'send',
    });
  }

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/services/:serviceKey/:step')
  async serviceStep(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const step = this.serviceStepOf(ids.step);
    this.pages.render(req, res, `provider/service-${step}`, await this.serviceData(req, ids, await this.serviceAnswers(req, ids), []));
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/services/:serviceKey/:step')
  async serviceAnswer(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    const step = this.serviceStepOf(ids.step);
    const before = await this.serviceAnswers(req, ids);
    const form = new Form(body);
    const answers: Record<string, string> = {};
    if (step === 'about') {
      answers.name = form.text('name', { max: 200 });
      answers.description = form.text('description', { max: 4000 });
      answers.deliveryModes = form.many('deliveryModes', Object.values(DeliveryMode)).join(',');
      if (!answers.deliveryModes) form.errors.push({ field: 'deliveryModes', kind: 'choose' });
      answers.languages = form.many('languages', [...LANGUAGE_CODES]).join(',');
      if (!answers.languages) form.errors.push({ field: 'languages', kind: 'choose' });
      answers.interpreter = form.choice('interpreter', ['yes', 'no'] as const);
      answers.communities = form.many('communities', [...COMMUNITY_CODES]).join(',');
      answers.eligibility = form.text('eligibility', { required: false, max: 2000 });
    } else {
      const live = (await this.view(req, ids.organisationId)).locations.filter((l) => l.live && !l.live.withdrawnAt);
      answers.locations = form
        .many(
          'locations',
          live.map((l) => l.subjectId),
        )
        .join(',');
      if (!answers.locations) form.errors.push({ field: 'locations', kind: 'choose' });
      const schedules: ServiceSchedule[] = [];
      for (let i = 1; i <= SCHEDULE_ROWS; i++) {
        const day = form.choice(`day${i}`, WEEKDAYS, false);
        const opens = typeof body[`opens${i}`] === 'string' ? (body[`opens${i}`] as string).trim() : '';
        const closes = typeof body[`closes${i}`] === 'string' ? (body[`closes${i}`] as string).trim() : '';
        const note = form.text(`note${i}`, { required: false, max: 200 });
        if (!day && !opens && !closes) continue;
        if (!day || !isClockTime(opens) || !isClockTime(closes) || opens >= closes) form.errors.push({ field: `day${i}`, kind: 'opening' });
        else schedules.push({ byDay: day, opensAt: opens, closesAt: closes, note: note || null });
      }
      answers.schedules = JSON.stringify(schedules);
      const areas = form
        .text('serviceAreas', { required: false, max: 500 })
        .split(/[\s,]+/)
        .filter(Boolean);
      if (areas.some((a) => !postcodeDistrict(a))) form.errors.push({ field: 'serviceAreas', kind: 'invalid_postcode' });
      answers.serviceAreas = areas.map((a) => postcodeDistrict(a) ?? a).join(',');
      answers.contactName = form.text('contactName', { required: false, max: 100 });
      answers.contactPhone = form.text('contactPhone', { required: false, max: 30 });
      answers.contactEmail = form.text('contactEmail', { required: false, max: 320 });
      for (const i of [1, 2, 3, 4]) if (typeof body[`day${i}`] === 'string') answers[`day${i}`] = body[`day${i}`] as string;
    }
    if (form.errors.length)
      return this.pages.render(
        req,
        res,
        `provider/service-${step}`,
        await this.serviceData(req, ids, { ...before, ...answers, ...flat(body) }, form.errors),
        400,
      );
    req.session.listing = { key: `${ids.organisationId}:service:${ids.serviceKey}`, answers: { ...before, ...answers } };
    const base = `/provider/${ids.organisationId}/services/${ids.serviceKey}`;
    await seeOther(req, res, step === 'about' && typeof body.returnToCheck !== 'string' ? `${base}/when` : `${base}/check`);
  }

  private async renderServiceCheck(
    req: WebRequest,
    res: WebResponse,
    ids: Record<string, string>,
    a: Record<string, string>,
    errors: FieldError[],
  ) {
    this.pages.render(req, res, 'provider/service-check', await this.serviceData(req, ids, a, errors), 400);
  }

  private serviceStepOf(given: string): 'about' | 'when' {
    if (given !== 'about' && given !== 'when') throw DomainError.notFound('That question');
    return given;
  }

  private async serviceData(req: WebRequest, ids: Record<string, string>, values: Record<string, string>, errors: FieldError[]) {
    const view = await this.view(req, ids.organisationId);
    const list = (v: string | undefined) => (v ? v.split(',') : []);
    const schedules = JSON.parse(values.schedules || '[]') as ServiceSchedule[];
    // The opening rows as typed (after a mistake) or as saved.
    const rows = Array.from({ length: SCHEDULE_ROWS }, (_, i) => ({
      n: i + 1,
      day: values[`day${i + 1}`] ?? schedules[i]?.byDay ?? '',
      opens: values[`opens${i + 1}`] ?? schedules[i]?.opensAt ?? '',
      closes: values[`closes${i + 1}`] ?? schedules[i]?.closesAt ?? '',
      note: values[`note${i + 1}`] ?? schedules[i]?.note ?? '',
    }));
    return {
      page: 'serviceListing',
      ids,
      values,
      errors,
      modes: Object.values(DeliveryMode),
      languageCodes: [...LANGUAGE_CODES],
      communityCodes: [...COMMUNITY_CODES],
      weekdays: WEEKDAYS,
      chosen: {
        deliveryModes: list(values.deliveryModes),
        languages: list(values.languages),
        communities: list(values.communities),
        locations: list(values.locations),
      },
      locations: view.locations.filter((l) => l.live && !l.live.withdrawnAt),
      rows,
      schedules,
      fromCheck: req.query.change === 'yes',
    };
  }

  /** This draft's answers, else what the service says now (or its newest proposal). */
  private async serviceAnswers(req: WebRequest, ids: Record<string, string>): Promise<Record<string, string>> {
    const view = await this.view(req, ids.organisationId);
    const draft = req.session.listing;
    if (draft?.key === `${ids.organisationId}:service:${ids.serviceKey}`) return draft.answers;
    if (ids.serviceKey === 'new') return {};
    const entry = view.services.find((x) => x.subjectId === ids.serviceKey);
    if (!entry) throw DomainError.notFound('That service');
    const s = (entry.live as Partial<ServiceProposal> | null) ?? (entry.latest?.proposed as Partial<ServiceProposal> | undefined) ?? {};
    const contact = s.contacts?.[0];
    return {
      name: s.name ?? '',
      description: s.description ?? '',
      deliveryModes: (s.deliveryModes ?? []).join(','),
      languages: (s.languages ?? []).join(','),
      interpreter: s.interpreterAvailable ? 'yes' : 'no',
      communities: (s.communities ?? []).join(','),
      eligibility: s.eligibilityDescription ?? '',
      locations: (s.locationIds ?? (await this.repository.locationIdsOfService(ids.serviceKey))).join(','),
      schedules: JSON.stringify(s.schedules ?? []),
      serviceAreas: (s.serviceAreas ?? []).join(','),
      contactName: contact?.name ?? '',
      contactPhone: contact?.phone ?? '',
      contactEmail: contact?.email ?? '',
    };
  }

  // ---- the profile: one question page, then check and send ------------------------------------------

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/profile/details')
  async profilePage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    this.pages.render(req, res, 'provider/profile-details', this.profileData(ids, await this.profileAnswers(req, ids), []));
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/profile/details')
  async profileAnswer(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    await this.profileAnswers(req, ids);
    const form = new Form(body);
    const answers = {
      description: form.text('description', { max: 2000 }),
      providerKind: form.choice('providerKind', Object.values(ProviderKind)),
      livedExperienceLed: form.choice('livedExperienceLed', ['yes', 'no'] as const),
      paymentMethods: form.many('paymentMethods', Object.values(PaymentMethod)).join(','),
      website: form.text('website', { required: false, max: 300 }),
      email: form.text('email', { required: false, max: 320 }),
      phone: form.text('phone', { required: false, max: 30 }),
    };
    if (!answers.paymentMethods) form.errors.push({ field: 'paymentMethods', kind: 'choose' });
    if (answers.website && !/^https?:\/\/[^\s.]+\.[^\s]+$/.test(answers.website))
      form.errors.push({ field: 'website', kind: 'invalid_url' });
    if (answers.email && !isEmailAddress(answers.email)) form.errors.push({ field: 'email', kind: 'invalid_email' });
    if (answers.phone && !isPhoneNumber(answers.phone)) form.errors.push({ field: 'phone', kind: 'invalid_phone' });
    if (form.errors.length)
      return this.pages.render(req, res, 'provider/profile-details', this.profileData(ids, answers, form.errors), 400);
    req.session.listing = { key: `${ids.organisationId}:profile`, answers };
    await seeOther(req, res, `/provider/${ids.organisationId}/profile/check`);
  }

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/profile/check')
  async profileCheck(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const answers = await this.profileAnswers(req, ids);
    if (!answers.description) return seeOther(req, res, `/provider/${ids.organisationId}/profile/details`);
    this.pages.render(req, res, 'provider/profile-check', this.profileData(ids, answers, []));
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/profile/check')
  async profileSend(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const a = await this.profileAnswers(req, ids);
    await this.forms.submit(req, res, {
      work: async () => {
        if (!a.description || !a.providerKind) throw new FormInvalid([{ field: 'send', kind: 'incomplete' }]);
        const done = await this.directory.propose(req.principal!, ids.organisationId, null, {
          subject: ListingSubject.Provider,
          data: {
            description: a.description,
            providerKind: a.providerKind as ProviderKind,
            livedExperienceLed: a.livedExperienceLed === 'yes',
            paymentMethods: a.paymentMethods.split(',').filter(Boolean) as PaymentMethod[],
            website: a.website || null,
            email: a.email || null,
            phone: a.phone || null,
          },
        });
        if (isFailure(done)) throw new FormInvalid([{ field: 'send', kind: 'service', params: { message: done.message } }]);
        delete req.session.listing;
        req.session.flash = { key: 'listings.profileSent' };
        return `/provider/${ids.organisationId}`;
      },
      invalid: (errors) => void this.pages.render(req, res, 'provider/profile-check', this.profileData(ids, a, errors), 400),
      fieldOf: () => 'send',
    });
  }

  private profileData(ids: Record<string, string>, values: Record<string, string>, errors: FieldError[]) {
    return {
      page: 'profile',
      ids,
      values,
      kinds: Object.values(ProviderKind),
      methods: Object.values(PaymentMethod),
      chosen: values.paymentMethods ? values.paymentMethods.split(',') : [],
      errors,
    };
  }

  /** This draft's answers, else the profile as it stands (or its newest proposal). */
  private async profileAnswers(req: WebRequest, ids: Record<string, string>): Promise<Record<string, string>> {
    const view = await this.view(req, ids.organisationId);
    const draft = req.session.listing;
    if (draft?.key === `${ids.organisationId}:profile`) return draft.answers;
    const p = view.profile.live ?? (view.profile.latest?.proposed as Partial<ProviderProposal> | undefined) ?? {};
    return {
      description: p.description ?? '',
      providerKind: p.providerKind ?? '',
      livedExperienceLed: p.livedExperienceLed === undefined ? '' : p.livedExperienceLed ? 'yes' : 'no',
      paymentMethods: (p.paymentMethods ?? []).join(','),
      website: p.website ?? '',
      email: p.email ?? '',
      phone: p.phone ?? '',
    };
  }

  // ---- places: one question page, then check and send ------------------------------------------------

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/locations/:locationKey/details')
  async locationPage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    this.pages.render(req, res, 'provider/location-details', this.locationData(ids, await this.locationAnswers(req, ids), []));
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/locations/:locationKey/details')
  async locationAnswer(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    await this.locationAnswers(req, ids);
    const form = new Form(body);
    const answers = {
      name: form.text('name', { max: 200 }),
      addressLine: form.text('addressLine', { max: 300 }),
      town: form.text('town', { max: 100 }),
      postcode: form.text('postcode', { max: 10 }),
      accessibility: form.many('accessibility', [...ACCESSIBILITY_CODES]).join(','),
    };
    if (answers.postcode && !postcodeDistrict(answers.postcode)) form.errors.push({ field: 'postcode', kind: 'invalid_postcode' });
    if (form.errors.length)
      return this.pages.render(req, res, 'provider/location-details', this.locationData(ids, answers, form.errors), 400);
    req.session.listing = { key: `${ids.organisationId}:location:${ids.locationKey}`, answers };
    await seeOther(req, res, `/provider/${ids.organisationId}/locations/${ids.locationKey}/check`);
  }

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/locations/:locationKey/check')
  async locationCheck(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const answers = await this.locationAnswers(req, ids);
    if (!answers.name) return seeOther(req, res, `/provider/${ids.organisationId}/locations/${ids.locationKey}/details`);
    this.pages.render(req, res, 'provider/location-check', this.locationData(ids, answers, []));
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/locations/:locationKey/check')
  async locationSend(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const answers = await this.locationAnswers(req, ids);
    await this.forms.submit(req, res, {
      work: async () => {
        if (!answers.name) throw new FormInvalid([{ field: 'send', kind: 'incomplete' }]);
        const done = await this.directory.propose(req.principal!, ids.organisationId, ids.locationKey === 'new' ? null : ids.locationKey, {
          subject: ListingSubject.Location,
          data: {
            name: answers.name,
            addressLine: answers.addressLine,
            town: answers.town,
            postcode: answers.postcode,
            accessibility: answers.accessibility ? answers.accessibility.split(',') : [],
          },
        });
        if (isFailure(done)) throw new FormInvalid([{ field: 'send', kind: 'service', params: { message: done.message } }]);
        delete req.session.listing;
        req.session.flash = { key: 'listings.sent', params: { name: answers.name } };
        return `/provider/${ids.organisationId}`;
      },
      invalid: (errors) => void this.pages.render(req, res, 'provider/location-check', this.locationData(ids, answers, errors), 400),
      fieldOf: () => 'send',
    });
  }

  private locationData(ids: Record<string, string>, values: Record<string, string>, errors: FieldError[]) {
    return {
      page: 'location',
      ids,
      values,
      chosen: values.accessibility ? values.accessibility.split(',') : [],
      access: ACCESSIBILITY_CODES,
      errors,
    };
  }

  /** This draft's answers, else what the place says now (or its newest proposal), else nothing yet. */
  private async locationAnswers(req: WebRequest, ids: Record<string, string>): Promise<Record<string, string>> {
    const view = await this.view(req, ids.organisationId);
    const draft = req.session.listing;
    if (draft?.key === `${ids.organisationId}:location:${ids.locationKey}`) return draft.answers;
    if (ids.locationKey === 'new') return {};
    const entry = view.locations.find((l) => l.subjectId === ids.locationKey);
    if (!entry) throw DomainError.notFound('That place');
    const l = entry.live ?? (entry.latest?.proposed as Partial<LocationProposal> | undefined) ?? {};
    return {
      name: l.name ?? '',
      addressLine: l.addressLine ?? '',
      town: l.town ?? '',
      postcode: l.postcode ?? '',
      accessibility: (l.accessibility ?? []).join(','),
    };
  }

  // ---- offerings: details, price, check (with a preview), send ----------------------------------------

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/offerings/:offeringKey/check')
  async offeringCheck(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const answers = await this.offeringAnswers(req, ids);
    const missing = OFFERING_STEPS.find((s) => !this.stepComplete(s, answers));
    if (missing) return seeOther(req, res, `/provider/${ids.organisationId}/offerings/${ids.offeringKey}/${missing}`);
    await this.renderOfferingCheck(req, res, ids, answers, []);
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/offerings/:offeringKey/check')
  async offeringSend(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const answers = await this.offeringAnswers(req, ids);
    await this.forms.submit(req, res, {
      work: async () => {
        if (OFFERING_STEPS.some((s) => !this.stepComplete(s, answers))) throw new FormInvalid([{ field: 'send', kind: 'incomplete' }]);
        const proposal = this.offeringProposal(answers);
        const done = await this.directory.propose(req.principal!, ids.organisationId, ids.offeringKey === 'new' ? null : ids.offeringKey, {
          subject: ListingSubject.Offering,
          data: proposal,
        });
        if (isFailure(done)) throw new FormInvalid([{ field: 'send', kind: 'service', params: { message: done.message } }]);
        delete req.session.listing;
        req.session.flash = { key: 'listings.sent', params: { name: proposal.name } };
        return `/provider/${ids.organisationId}`;
      },
      invalid: (errors) => void this.renderOfferingCheck(req, res, ids, answers, errors, 400),
      fieldOf: () => 'send',
    });
  }

  @Roles(Role.ProviderStaff)
  @Get(':organisationId/offerings/:offeringKey/:step')
  async offeringStep(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    const step = this.offeringStepOf(ids.step);
    await this.renderOfferingStep(req, res, ids, step, await this.offeringAnswers(req, ids), []);
  }

  @Roles(Role.ProviderStaff)
  @Post(':organisationId/offerings/:offeringKey/:step')
  async offeringAnswer(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    const step = this.offeringStepOf(ids.step);
    const before = await this.offeringAnswers(req, ids);
    const form = new Form(body);
    const answers: Record<string, string> = {};
    if (step === 'details') {
      const [services, categories] = await Promise.all([this.liveServices(req, ids.organisationId), this.repository.categories()]);
      answers.serviceId = form.choice(
        'serviceId',
        services.map((s) => s.subjectId),
      );
      answers.name = form.text('name', { max: 120 });
      answers.description = form.text('description', { max: 1000 });
      answers.kind = form.choice('kind', KINDS);
      answers.category = form.choice(
        'category',
        categories.map((c) => c.code),
      );
    } else {
      const pence = form.money('price');
      answers.price = typeof body.price === 'string' ? body.price.trim() : '';
      answers.pricePence = pence ? String(pence) : '';
      answers.unit = form.choice('unit', UNITS);
      answers.available = form.choice('available', ['yes', 'no'] as const);
      answers.availabilityNote = form.text('availabilityNote', { required: false, max: 300 });
    }
    if (form.errors.length) return this.renderOfferingStep(req, res, ids, step, { ...before, ...answers }, form.errors, 400);
    req.session.listing = { key: this.draftKey(ids), answers: { ...before, ...answers } };
    const next = OFFERING_STEPS[OFFERING_STEPS.indexOf(step) + 1];
    const base = `/provider/${ids.organisationId}/offerings/${ids.offeringKey}`;
    await seeOther(req, res, typeof body.returnToCheck === 'string' || !next ? `${base}/check` : `${base}/${next}`);
  }

  private offeringStepOf(given: string): OfferingStep {
    if (!(OFFERING_STEPS as readonly string[]).includes(given)) throw DomainError.notFound('That question');
    return given as OfferingStep;
  }

  private draftKey(ids: Record<string, string>) {
    return `${ids.organisationId}:offering:${ids.offeringKey}`;
  }

  /** The provider's listings, read once per request however many of this page's steps ask for them. */
  private view(req: WebRequest, organisationId: string): Promise<ProviderWorkspace> {
    let byOrganisation = this.views.get(req);
    if (!byOrganisation) this.views.set(req, (byOrganisation = new Map()));
    let view = byOrganisation.get(organisationId);
    if (!view) byOrganisation.set(organisationId, (view = this.workspace.workspace(req.principal!, organisationId)));
    return view;
  }

  private async liveServices(req: WebRequest, organisationId: string) {
    return (await this.view(req, organisationId)).services.filter((s) => s.live && !s.live.withdrawnAt);
  }

  /** The answers so far: this draft's, else (changing a listing) what it says now, or its newest proposal. */
  private async offeringAnswers(req: WebRequest, ids: Record<string, string>): Promise<Record<string, string>> {
    const view = await this.view(req, ids.organisationId);
    const draft = req.session.listing;
    if (draft?.key === this.draftKey(ids)) return draft.answers;
    if (ids.offeringKey === 'new') {
      const serviceId = typeof req.query.service === 'string' ? req.query.service : '';
      return { serviceId: view.services.some((s) => s.subjectId === serviceId) ? serviceId : '' };
    }
    const entry = view.services.flatMap((s) => s.offerings).find((o) => o.subjectId === ids.offeringKey);
    if (!entry) throw DomainError.notFound('That offering');
    const p = (entry.latest?.proposed as Partial<OfferingProposal> | undefined) ?? {};
    const o = entry.live;
    const pence = o?.price.pence ?? p.pricePence ?? 0;
    return {
      serviceId: o?.serviceId ?? p.serviceId ?? '',
      name: o?.name ?? p.name ?? '',
      description: o?.description ?? p.description ?? '',
      kind: o?.kind ?? p.kind ?? '',
      category: o?.categoryCode ?? p.categoryCode ?? '',
      price: pence ? Money.ofPence(pence).toDecimalPounds() : '',
      pricePence: pence ? String(pence) : '',
      unit: o?.priceUnit ?? p.priceUnit ?? '',
      available: (o?.available ?? p.available ?? true) ? 'yes' : 'no',
      availabilityNote: o?.availabilityNote ?? p.availabilityNote ?? '',
    };
  }

  private stepComplete(step: OfferingStep, a: Record<string, string>): boolean {
    return step === 'details'
      ? !!(a.serviceId && a.name && a.description && a.kind && a.category)
      : !!(a.pricePence && a.unit && a.available);
  }

  private offeringProposal(a: Record<string, string>): OfferingProposal {
    return {
      serviceId: a.serviceId,
      name: a.name,
      description: a.description,
      kind: a.kind as OfferingKind,
      pricePence: Number(a.pricePence),
      priceUnit: a.unit as PriceUnit,
      categoryCode: a.category,
      available: a.available !== 'no',
      availabilityNote: a.availabilityNote || null,
      phbExclusion: null,
    };
  }

  private async renderOfferingStep(
    req: WebRequest,
    res: WebResponse,
    ids: Record<string, string>,
    step: OfferingStep,
    values: Record<string, string>,
    errors: FieldError[],
    status = 200,
  ) {
    const [services, categories] = await Promise.all([this.liveServices(req, ids.organisationId), this.repository.categories()]);
    this.pages.render(
      req,
      res,
      `provider/offering-${step}`,
      { page: 'offering', ids, values, errors, categories, kinds: KINDS, units: UNITS, services, fromCheck: req.query.change === 'yes' },
      status,
    );
  }

  private async renderOfferingCheck(
    req: WebRequest,
    res: WebResponse,
    ids: Record<string, string>,
    answers: Record<string, string>,
    errors: FieldError[],
    status = 200,
  ) {
    const view = await this.view(req, ids.organisationId);
    const service = view.services.find((s) => s.subjectId === answers.serviceId);
    const proposal = this.offeringProposal(answers);
    // The preview is the public offering page's own card, drawn from these answers.
    const card = {
      offering: { ...proposal, id: ids.offeringKey, organisationId: ids.organisationId, price: Money.ofPence(proposal.pricePence) },
      providerName: view.organisation.name,
      provider: view.profile.live,
      service: service?.live ?? null,
    };
    this.pages.render(
      req,
      res,
      'provider/offering-check',
      { page: 'offering', ids, answers, card, service, locations: [], errors },
      status,
    );
  }

  private async renderListings(req: WebRequest, res: WebResponse, organisationId: string, errors: FieldError[], status: number) {
    const view = await this.view(req, organisationId);
    const admin = req.principal!.memberships.some((m) => m.organisationId === organisationId && m.admin);
    this.pages.render(req, res, 'provider/listings', { page: 'listings', view, admin, errors }, status);
  }

  /** The live listing to withdraw, if it is this provider's. */
  private async withdrawable(req: WebRequest, ids: Record<string, string>) {
    const subject = WITHDRAWABLE[ids.subject];
    if (!subject) throw DomainError.notFound('That listing');
    const view = await this.view(req, ids.organisationId);
    const entries = [...view.locations, ...view.services, ...view.services.flatMap((s) => s.offerings)];
    const entry = entries.find((e) => e.subjectId === ids.subjectId && e.live && !e.live.withdrawnAt);
    if (!entry) throw DomainError.notFound('That listing');
    return { subject, name: (entry.live as unknown as { name: string }).name, view };
  }
}
