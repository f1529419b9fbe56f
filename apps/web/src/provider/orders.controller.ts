import { Body, Controller, Get, Post, Req, Res, UploadedFile, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { BankDetailsService, bankDetailsProblems } from '@kinwell/payments';
import { ProviderInvoicesService } from '@kinwell/reconciliation';
import { FieldError, Form, FormBody } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { OneFileUpload } from '../core/uploads';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

/**
 * A provider's orders: what brokers ordered (a case reference, never a name), whether it is invoiced and
 * paid; sending the invoice as a PDF they upload, or as one Kinwell makes from a short form. The broker
 * reads it from the purchase's page.
 */
@Controller()
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class OrdersController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly invoices: ProviderInvoicesService,
    private readonly bank: BankDetailsService,
  ) {}

  @Roles(Role.ProviderStaff)
  @Get('provider/:organisationId/orders')
  async orders(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId }: Record<string, string>) {
    const orders = await this.invoices.orders(req.principal!, organisationId);
    this.pages.render(req, res, 'provider/orders', { organisationId, orders });
  }

  @Roles(Role.ProviderStaff)
  @Get('provider/:organisationId/orders/:intentId')
  async order(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    await this.renderOrder(req, res, ids, [], {});
  }

  /** The short form: Kinwell makes the invoice PDF from the order. */
  @Roles(Role.ProviderStaff)
  @Post('provider/:organisationId/orders/:intentId/invoice')
  async fromForm(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const invoiceNumber = form.text('invoiceNumber', { max: 40 });
    const issuedOn = form.date('issuedOn');
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.invoices.fromForm(req.principal!, ids.organisationId, ids.intentId, { invoiceNumber, issuedOn });
        req.session.flash = { key: 'orders.sent' };
        return `/provider/${ids.organisationId}/orders/${ids.intentId}`;
      },
      invalid: (errors) => void this.renderOrder(req, res, ids, errors, body, 400),
    });
  }

  /** The provider's own PDF: multipart, so its CSRF token and once-only key travel in the action's query. */
  @Roles(Role.ProviderStaff)
  @Post('provider/:organisationId/orders/:intentId/upload')
  @OneFileUpload('invoice', 6)
  async upload(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() ids: Record<string, string>,
    @Body() body: FormBody,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    const form = new Form(body);
    const invoiceNumber = form.text('uploadNumber', { max: 40 });
    const issuedOn = form.date('uploadIssuedOn');
    if (!file) form.errors.push({ field: 'invoice', kind: 'required' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.invoices.upload(req.principal!, ids.organisationId, ids.intentId, { invoiceNumber, issuedOn }, file!.buffer);
        req.session.flash = { key: 'orders.sent' };
        return `/provider/${ids.organisationId}/orders/${ids.intentId}`;
      },
      invalid: (errors) => void this.renderOrder(req, res, ids, errors, body, 400),
      fieldOf: (f) => (f === 'invoiceNumber' ? 'uploadNumber' : f === 'issuedOn' ? 'uploadIssuedOn' : f),
    });
  }

  @Roles(Role.ProviderStaff)
  @Get('provider/:organisationId/payment-details')
  async paymentDetails(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { organisationId }: Record<string, string>) {
    await this.renderPaymentDetails(req, res, organisationId, [], {});
  }

  @Roles(Role.ProviderStaff)
  @Post('provider/:organisationId/payment-details')
  async setPaymentDetails(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() { organisationId }: Record<string, string>,
    @Body() body: FormBody,
  ) {
    const form = new Form(body);
    const details = {
      accountName: form.text('accountName', { max: 70 }),
      sortCode: form.text('sortCode', { max: 10 }),
      accountNumber: form.text('accountNumber', { max: 12 }),
    };
    // Every problem at once: the form's, then the rules for bank details.
    for (const p of bankDetailsProblems(details))
      if (!form.errors.some((e) => e.field === p.field)) form.errors.push({ field: p.field, kind: 'bank' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await this.bank.set(req.principal!, organisationId, details);
        req.session.flash = { key: 'bank.saved' };
        return `/provider/${organisationId}/payment-details`;
      },
      invalid: (errors) => void this.renderPaymentDetails(req, res, organisationId, errors, { accountName: details.accountName }, 400),
    });
  }

  /** The invoice PDF, for the provider that sent it and the broker whose order it is. */
  @Roles(Role.ProviderStaff, Role.BrokerStaff)
  @Get('invoices/:intentId.pdf')
  async pdf(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { intentId }: Record<string, string>) {
    const { invoice, content } = await this.invoices.file(req.principal!, intentId);
    res
      .status(200)
      .set({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="invoice-${invoice.invoiceNumber.replace(/[^\w.-]/g, '_')}.pdf"`,
        'cache-control': 'private, no-store',
      })
      .send(content);
  }

  private async renderPaymentDetails(
    req: WebRequest,
    res: WebResponse,
    organisationId: string,
    errors: FieldError[],
    values: Record<string, unknown>,
    status = 200,
  ) {
    const current = await this.bank.mine(req.principal!, organisationId);
    this.pages.render(req, res, 'provider/payment-details', { page: 'bank', organisationId, current, errors, values }, status);
  }

  private async renderOrder(
    req: WebRequest,
    res: WebResponse,
    ids: Record<string, string>,
    errors: FieldError[],
    values: Record<string, unknown>,
    status = 200,
  ) {
    const order = await this.invoices.order(req.principal!, ids.organisationId, ids.intentId);
    this.pages.render(req, res, 'provider/order', { page: 'order', organisationId: ids.organisationId, order, errors, values }, status);
  }
}
