import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { AccountsService, RateLimit, Role, Roles, SignedIn } from '@kinwell/identity';
import { JobEngine } from '@kinwell/jobs';
import { Notifications } from '@kinwell/notifications';
import { FieldError, Form, FormBody } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

/**
 * What a person has been told, in their language; how they want to be told (email, text, language);
 * for brokers, the messages that could not be delivered; for platform admins, jobs that kept failing.
 */
@Controller()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class NotificationsController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly notifications: Notifications,
    private readonly accounts: AccountsService,
    private readonly jobs: JobEngine,
  ) {}

  @SignedIn()
  @Get('notifications')
  async list(@Req() req: WebRequest, @Res() res: WebResponse) {
    const principal = req.principal!;
    const notifications = await this.notifications.list(principal.userId, this.pages.language(req));
    this.pages.render(req, res, 'account/notifications', { notifications });
    // Shown once as new; the next visit reads them as seen.
    await this.notifications.markAllRead(principal.userId);
  }

  @SignedIn()
  @Get('notifications/settings')
  async settingsPage(@Req() req: WebRequest, @Res() res: WebResponse) {
    const prefs = await this.notifications.preferences(req.principal!.userId);
    this.renderSettings(req, res, { ...prefs, language: req.principal!.language }, undefined);
  }

  @SignedIn()
  @Post('notifications/settings')
  async settings(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: FormBody) {
    const principal = req.principal!;
    const form = new Form(body);
    const channels = form.many('channels', ['email', 'sms'] as const);
    const mobile = form.text('mobile', { required: false, max: 20 });
    const language = form.choice('language', ['en', 'ur'] as const);
    const values = { email: channels.includes('email'), sms: channels.includes('sms'), mobile, language };
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.notifications.setPreferences(principal.userId, { email: values.email, sms: values.sms, mobile: mobile || null });
        await this.accounts.setLanguage(principal, language);
        req.session.flash = { key: 'notificationSettings.saved' };
        return '/notifications/settings';
      },
      invalid: (errors) =>
        void this.notifications
          .preferences(principal.userId)
          .then((p) => this.renderSettings(req, res, { ...values, smsAvailable: p.smsAvailable }, errors)),
    });
  }

  @Roles(Role.BrokerStaff)
  @Get('broker/undelivered')
  async undelivered(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'broker/undelivered', { deliveries: await this.notifications.undelivered(req.principal!) });
  }

  @Roles(Role.PlatformAdmin)
  @Get('admin/jobs')
  async deadLetters(@Req() req: WebRequest, @Res() res: WebResponse) {
    this.pages.render(req, res, 'admin/jobs', { deadLetters: await this.jobs.deadLetters() });
  }

  @Roles(Role.PlatformAdmin)
  @Post('admin/jobs/:jobId/retry')
  async retry(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { jobId }: Record<string, string>) {
    await this.forms.submit(req, res, {
      work: async () => {
        const sent = await this.jobs.retryDeadLetter(jobId);
        req.session.flash = { key: sent ? 'jobs.retried' : 'jobs.gone' };
        return '/admin/jobs';
      },
      invalid: () => undefined,
    });
  }

  private renderSettings(
    req: WebRequest,
    res: WebResponse,
    values: { email: boolean; sms: boolean; mobile: string | null; language: string; smsAvailable: boolean },
    errors: FieldError[] | undefined,
  ) {
    this.pages.render(req, res, 'account/notification-settings', { page: 'notificationSettings', values, errors }, errors ? 400 : 200);
  }
}
