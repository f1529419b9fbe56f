import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { LANGUAGES } from '@kinwell/directory';
import { Public, RateLimit } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { addWorkingDays, IntakeService, REFERRER_ROLES, REPLY_WITHIN_WORKING_DAYS, ReferrerRole } from '@kinwell/plans';
import { Form, FormBody } from '../core/forms';
import { FormHandler, takeDraft } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const REFERENCE = /^PHB-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/**
 * A referral for a personal health budget by a care coordinator, a GP or a voluntary group, on one page
 * (referrers do this often and know the answers): the person, the referrer, and the person's consent as
 * the referrer recorded it. No account is needed; a signed-in referrer is remembered as the referrer.
 */
@Controller('refer')
@Public()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class ReferController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly intake: IntakeService,
  ) {}

  @Get()
  async page(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.render(req, res, { values: takeDraft(req) ?? {} });
  }

  @Post()
  async refer(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const areas = await this.intake.areas();
    const form = new Form(body);
    const contactBy = form.choice('contactBy', ['email', 'phone'] as const);
    const input = {
      commissionerId:
        areas.length === 1
          ? areas[0].id
          : form.choice(
              'area',
              areas.map((a) => a.id),
            ),
      whatWouldHelp: form.text('whatWouldHelp', { max: 2000 }),
      name: form.text('name', { max: 100 }),
      contactBy: contactBy || 'email',
      email: form.text('email', { required: contactBy === 'email', max: 320 }) || null,
      phone: form.text('phone', { required: contactBy === 'phone', max: 30 }) || null,
      language: form.choice(
        'language',
        LANGUAGES.map((l) => l.code),
      ),
      postcodeDistrict: form.text('postcodeDistrict', { required: false, max: 10 }) || null,
      referral: {
        referrerName: form.text('referrerName', { max: 100 }),
        referrerOrganisation: form.text('referrerOrganisation', { max: 200 }),
        referrerRole: form.choice('referrerRole', REFERRER_ROLES) as ReferrerRole,
        referrerEmail: form.text('referrerEmail', { required: false, max: 320 }) || null,
        referrerPhone: form.text('referrerPhone', { required: false, max: 30 }) || null,
        consentHow: form.choice('consentHow', ['spoken', 'written'] as const) as 'spoken' | 'written',
        consentOn: form.date('consentOn'),
      },
      personAgreed: form.checked('personAgreed'),
      referrerUserId: req.principal?.userId ?? null,
    };
    // Every problem at once: the form's own, then the service's rules for what the form read well.
    for (const p of [...this.intake.problems(input), ...this.intake.referralProblems(input)])
      if (!form.errors.some((e) => e.field === p.field))
        form.errors.push({ field: p.field === 'commissionerId' ? 'area' : p.field, kind: p.message });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const { request } = await this.intake.refer(input);
        return `/refer/done/${request.reference}`;
      },
      invalid: (errors) => void this.render(req, res, { errors, values: body }, 400),
    });
  }

  @Get('done/:reference')
  done(@Req() req: WebRequest, @Res() res: WebResponse, @Param('reference') reference: string) {
    if (!REFERENCE.test(reference)) throw DomainError.notFound('That referral');
    this.pages.render(req, res, 'ask/refer-done', { reference, replyBy: addWorkingDays(new Date(), REPLY_WITHIN_WORKING_DAYS) });
  }

  private async render(req: WebRequest, res: WebResponse, data: Record<string, unknown>, status = 200) {
    const areas = await this.intake.areas();
    this.pages.render(
      req,
      res,
      'ask/refer',
      { page: 'refer', areas, languageCodes: LANGUAGES.map((l) => l.code), roles: REFERRER_ROLES, ...data },
      status,
    );
  }
}
