import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { DirectoryService, isFailure, ListingChange } from '@kinwell/directory';
import { IdentityRepository, RateLimit, Role, Roles } from '@kinwell/identity';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const PER_PAGE = 20;
// The proposed fields worth showing a moderator, in this order; ids and internal fields are left out.
const SHOWN = [
  'name',
  'description',
  'providerKind',
  'category',
  'price',
  'priceUnit',
  'languages',
  'communities',
  'deliveryModes',
  'website',
  'email',
  'phone',
  'address',
  'postcode',
];

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** What a value reads as on the page: lists joined, money in pounds, objects as their words. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.pence === 'number') return POUNDS.format(v.pence / 100);
    return Object.values(v).map(shown).filter(Boolean).join(', ');
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Listing changes waiting for a moderator in their area: what is proposed, then approve, or reject saying why. */
@Controller('moderation/listings')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class ModerationController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly directory: DirectoryService,
    private readonly identity: IdentityRepository,
  ) {}

  @Roles(Role.BrokerStaff, Role.Commissioner, Role.PlatformAdmin)
  @Get()
  async list(@Req() req: WebRequest, @Res() res: WebResponse, @Query('page') pageAsked?: string) {
    const page = /^\d{1,4}$/.test(pageAsked ?? '') ? Math.max(1, Number(pageAsked)) : 1;
    await this.render(req, res, page, {});
  }

  @Roles(Role.BrokerStaff, Role.Commissioner, Role.PlatformAdmin)
  @Post(':changeId')
  async decide(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { changeId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const decision = form.choice('decision', ['approve', 'reject'] as const);
    const note = form.text('note', { required: decision === 'reject', max: 2000 });
    if (decision === 'reject' && note && note.length < 3) form.errors.push({ field: 'note', kind: 'too_short', params: { min: 3 } });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const done =
          decision === 'approve'
            ? await this.directory.approve(req.principal!, changeId, note || null)
            : await this.directory.reject(req.principal!, changeId, note);
        if (isFailure(done)) throw new FormInvalid([{ field: 'decision', kind: 'service', params: { message: done.message } }]);
        req.session.flash = { key: `moderation.listing.${decision}d` };
        return '/moderation/listings';
      },
      fieldOf: (f) => (f === 'reason' ? 'note' : f),
      invalid: (errors) => void this.render(req, res, 1, { errors, failed: changeId }, 400),
    });
  }

  private async render(req: WebRequest, res: WebResponse, page: number, data: Record<string, unknown>, status = 200) {
    const { rows, total } = await this.directory.pendingChanges(req.principal!, PER_PAGE, (page - 1) * PER_PAGE);
    const providers = new Map(
      (await this.identity.findOrganisationsByIds([...new Set(rows.map((r) => r.organisationId))])).map((o) => [o.id, o.name]),
    );
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    this.pages.render(
      req,
      res,
      'admin/listings',
      {
        page: 'listings',
        total,
        changes: rows.map((c: ListingChange) => ({
          ...c,
          provider: providers.get(c.organisationId) ?? '',
          fields: SHOWN.filter((k) => c.proposed[k] != null && shown(c.proposed[k]) !== '').map((k) => ({
            key: k,
            value: shown(c.proposed[k]),
          })),
        })),
        pagination: {
          current: page,
          pages,
          previous: page > 1 ? `/moderation/listings?page=${page - 1}` : null,
          next: page < pages ? `/moderation/listings?page=${page + 1}` : null,
        },
        ...data,
      },
      status,
    );
  }
}
