import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { passwordProblem } from '@kinwell/identity';
import { passwordOf } from '../account/password-pages';
import { LANGUAGES, postcodeDistrict } from '@kinwell/directory';
import { Public, RateLimit } from '@kinwell/identity';
import { DomainError } from '@kinwell/kernel';
import { IntakeService, REPLY_WITHIN_WORKING_DAYS, addWorkingDays } from '@kinwell/plans';
import { FieldError, Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler, takeDraft } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { Pages } from '../core/pages';
import { seeOther, type WebRequest, type WebResponse } from '../core/web-request';

const STEPS = ['help', 'contact', 'about'] as const;
type Step = (typeof STEPS)[number];
const REFERENCE = /^PHB-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/** Asking for a personal health budget: one question a page, the answers checked together, then a reference. */
@Controller('ask')
@Public()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class AskController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly intake: IntakeService,
  ) {}

  @Get()
  start(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'ask/start', { days: REPLY_WITHIN_WORKING_DAYS });
  }

  @Get('check')
  async checkPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    await this.renderCheck(req, res, []);
  }

  @Post('check')
  async send(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const form = new Form(body);
    const consent = form.checked('consent');
    const a = req.session.ask ?? {};
    // Someone not signed in, answered by email, may make an account as they ask: to follow it and agree their plan.
    const makeAccount = !req.principal && a.contactBy === 'email' && form.checked('account');
    const password = makeAccount ? passwordOf(body) : null;
    await this.forms.submit(req, res, {
      work: async () => {
        const problems: FieldError[] = [];
        if (!consent) problems.push({ field: 'consent', kind: 'required' });
        const problem = password ? passwordProblem(password, a.email ?? '') : null;
        if (makeAccount && !password) problems.push({ field: 'password', kind: 'required' });
        else if (problem) problems.push({ field: 'password', kind: `password_${problem}` });
        if (problems.length) throw new FormInvalid(problems);
        const { request } = await this.intake.ask({
          commissionerId: a.area ?? '',
          whatWouldHelp: a.whatWouldHelp ?? '',
          name: a.name ?? '',
          contactBy: a.contactBy === 'phone' ? 'phone' : 'email',
          email: a.email || null,
          phone: a.phone || null,
          language: a.language || req.language,
          postcodeDistrict: a.postcodeDistrict || null,
          consent,
          userId: req.principal?.userId ?? null,
          newAccountPassword: password,
        });
        delete req.session.ask;
        return `/ask/done/${request.reference}`;
      },
      invalid: (errors) => void this.renderCheck(req, res, errors, 400),
    });
  }

  @Get('done/:reference')
  done(@Req() req: WebRequest, @Res() res: WebResponse, @Param('reference') reference: string) {
    if (!REFERENCE.test(reference)) throw DomainError.notFound('That request');
    this.pages.render(req, res, 'ask/done', { reference, replyBy: addWorkingDays(new Date(), REPLY_WITHIN_WORKING_DAYS) });
  }

  @Get(':step')
  async question(@Req() req: WebRequest, @Res() res: WebResponse, @Param('step') step: string) {
    await this.renderStep(req, res, this.step(step), takeDraft(req) ?? req.session.ask ?? {}, []);
  }

  @Post(':step')
  async answer(@Req() req: WebRequest, @Res() res: WebResponse, @Param('step') given: string, @Body() body: FormBody) {
    const step = this.step(given);
    const form = new Form(body);
    const answers: Record<string, string> = {};
    if (step === 'help') answers.whatWouldHelp = form.text('whatWouldHelp', { max: 2000 });
    if (step === 'contact') {
      answers.name = form.text('name', { max: 100 });
      answers.contactBy = form.choice('contactBy', ['email', 'phone']);
      answers.email = form.text('email', { required: answers.contactBy === 'email', max: 320 });
      answers.phone = form.text('phone', { required: answers.contactBy === 'phone', max: 30 });
    }
    if (step === 'about') {
      answers.language = form.choice(
        'language',
        LANGUAGES.map((l) => l.code),
      );
      answers.postcodeDistrict = form.text('postcodeDistrict', { required: false, max: 10 });
      const areas = await this.intake.areas();
      // With one area there is nothing to ask; with several, the person says which, so the request reaches its brokers.
      answers.area =
        areas.length === 1
          ? areas[0].id
          : form.choice(
              'area',
              areas.map((a) => a.id),
            );
    }
    // Only this page's fields are reported here; the rest are checked on the pages that ask them, and again on sending.
    const problems = this.intake.problems({ ...req.session.ask, ...answers });
    const mine = Object.keys(answers);
    for (const p of problems)
      if (mine.includes(p.field) && !form.errors.some((e) => e.field === p.field)) form.errors.push({ field: p.field, kind: p.message });
    if (form.errors.length) return this.renderStep(req, res, step, { ...req.session.ask, ...answers }, form.errors, 400);
    // Only the district is ever kept (E8, not E8 3AB): enough to find support near someone, not to find them.
    if (answers.postcodeDistrict) answers.postcodeDistrict = postcodeDistrict(answers.postcodeDistrict) ?? '';
    req.session.ask = { ...req.session.ask, ...answers };
    const next = STEPS[STEPS.indexOf(step) + 1];
    await seeOther(req, res, typeof body.returnToCheck === 'string' || !next ? '/ask/check' : `/ask/${next}`);
  }

  private step(given: string): Step {
    if (!(STEPS as readonly string[]).includes(given)) throw DomainError.notFound('That question');
    return given as Step;
  }

  private async renderStep(
    req: WebRequest,
    res: WebResponse,
    step: Step,
    values: Record<string, string>,
    errors: FieldError[],
    status = 200,
  ) {
    const areas = step === 'about' ? await this.intake.areas() : [];
    const back = STEPS.indexOf(step) > 0 ? `/ask/${STEPS[STEPS.indexOf(step) - 1]}` : '/ask';
    this.pages.render(
      req,
      res,
      `ask/${step}`,
      { page: 'ask', errors, values, back, areas, languageCodes: LANGUAGES.map((l) => l.code), fromCheck: req.query.change === 'yes' },
      status,
    );
  }

  private async renderCheck(req: WebRequest, res: WebResponse, errors: FieldError[], status = 200) {
    const a = req.session.ask;
    if (!a?.whatWouldHelp || !a.name || !a.language)
      return res.redirect(303, `/ask/${!a?.whatWouldHelp ? 'help' : !a.name ? 'contact' : 'about'}`);
    const areas = await this.intake.areas();
    this.pages.render(req, res, 'ask/check', { page: 'ask', errors, answers: a, area: areas.find((x) => x.id === a.area) ?? null }, status);
  }
}
