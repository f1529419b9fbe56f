import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { RateLimit, Role, Roles } from '@kinwell/identity';
import { DomainError, Money } from '@kinwell/kernel';
import { ItemStatus, PlanViews } from '@kinwell/plans';
import { BankDetailsService, IntentStatus, PurchaseRefused, PurchasingService } from '@kinwell/payments';
import { ProviderInvoicesService } from '@kinwell/reconciliation';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { PageErrorFilter } from '../core/page-error.filter';
import { PageIds } from '../core/page-id.pipe';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

const METHODS = ['card', 'invoice', 'direct_payment'] as const;
type Method = (typeof METHODS)[number];

/** A refusal (bought already, no longer approved) is the person's expected outcome: shown on the form, in words. */
async function refusedAsForm<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PurchaseRefused) throw new FormInvalid([{ field, kind: `refused_${error.kind}` }]);
    throw error;
  }
}

/**
 * Buying an approved item: choose card, invoice or direct payment, check the answers, confirm; then the
 * purchase's page, where the broker reads the card's details, marks an invoice paid, freezes or cancels.
 * Every rule (who may buy, only approved items, only once) is the purchasing service's.
 */
@Controller('broker')
@RateLimit('web')
@UseFilters(PageErrorFilter)
export class BuyingController {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
    private readonly views: PlanViews,
    private readonly purchasing: PurchasingService,
    private readonly invoices: ProviderInvoicesService,
    private readonly bank: BankDetailsService,
  ) {}

  @Roles(Role.BrokerStaff)
  @Get('plans/:planId/items/:itemId/buy')
  async choosePage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>) {
    await this.render(req, res, 'broker/buy', ids, { values: { method: req.query.method, reference: req.query.reference } });
  }

  @Roles(Role.BrokerStaff)
  @Post('plans/:planId/items/:itemId/buy')
  async choose(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    const { line } = await this.buyable(req, ids);
    const { method, reference, form } = this.answers(body, !!line.item.offeringId);
    if (form.errors.length) return this.render(req, res, 'broker/buy', ids, { errors: form.errors, values: { method, reference } }, 400);
    const query = new URLSearchParams({ method, ...(method === 'direct_payment' ? { reference } : {}) });
    res.redirect(303, `/broker/plans/${ids.planId}/items/${ids.itemId}/buy/check?${query.toString()}`);
  }

  @Roles(Role.BrokerStaff)
  @Get('plans/:planId/items/:itemId/buy/check')
  async checkPage(
    @Req() req: WebRequest,
    @Res() res: WebResponse,
    @PageIds() ids: Record<string, string>,
    @Query() query: Record<string, unknown>,
  ) {
    const { line } = await this.buyable(req, ids);
    const { method, reference, form } = this.answers(query, !!line.item.offeringId);
    // An address typed by hand with a wrong answer goes back to the question, never to a 500.
    if (form.errors.length) return res.redirect(303, `/broker/plans/${ids.planId}/items/${ids.itemId}/buy`);
    await this.render(req, res, 'broker/buy-check', ids, { method, reference });
  }

  @Roles(Role.BrokerStaff)
  @Post('plans/:planId/items/:itemId/buy/check')
  async confirm(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() ids: Record<string, string>, @Body() body: FormBody) {
    const { line } = await this.buyable(req, ids);
    const { method, reference, form } = this.answers(body, !!line.item.offeringId);
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const principal = req.principal!;
        const intent = await refusedAsForm('confirm', async () => {
          if (method === 'card') return (await this.purchasing.buyWithCard(principal, ids.itemId)).intent;
          if (method === 'invoice') return this.purchasing.orderByInvoice(principal, ids.itemId);
          return this.purchasing.payDirect(principal, ids.itemId, reference);
        });
        req.session.flash = { key: `buy.done.${method}` };
        return `/broker/purchases/${intent.id}`;
      },
      invalid: (errors) => void this.render(req, res, 'broker/buy-check', ids, { errors, method, reference }, 400),
      fieldOf: (f) => (f === 'paymentReference' ? 'confirm' : f === 'itemId' ? 'confirm' : f),
    });
  }

  @Roles(Role.BrokerStaff)
  @Get('purchases/:intentId')
  async purchasePage(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { intentId }: Record<string, string>) {
    await this.renderPurchase(req, res, intentId, {});
  }

  @Roles(Role.BrokerStaff)
  @Post('purchases/:intentId/paid')
  async paid(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { intentId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const reference = form.text('reference', { max: 100 });
    if (reference && reference.length < 3) form.errors.push({ field: 'reference', kind: 'too_short', params: { min: 3 } });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        await refusedAsForm('reference', () => this.purchasing.markInvoicePaid(req.principal!, intentId, reference));
        req.session.flash = { key: 'purchase.paidDone' };
        return `/broker/purchases/${intentId}`;
      },
      invalid: (errors) => void this.renderPurchase(req, res, intentId, { errors, values: { reference } }, 400),
      fieldOf: () => 'reference',
    });
  }

  @Roles(Role.BrokerStaff)
  @Post(['purchases/:intentId/cancel', 'purchases/:intentId/freeze', 'purchases/:intentId/unfreeze'])
  async change(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { intentId }: Record<string, string>) {
    const change = req.path.split('/').pop() as 'cancel' | 'freeze' | 'unfreeze';
    await this.forms.submit(req, res, {
      work: async () => {
        await refusedAsForm<unknown>('change', () =>
          change === 'cancel'
            ? this.purchasing.cancel(req.principal!, intentId)
            : this.purchasing.setCardFrozen(req.principal!, intentId, change === 'freeze'),
        );
        req.session.flash = { key: `purchase.${change}Done` };
        return `/broker/purchases/${intentId}`;
      },
      invalid: (errors) => void this.renderPurchase(req, res, intentId, { errors }, 400),
    });
  }

  /** The provider's bank details in full, to pay their invoice: shown on this answer only, and audited. */
  @Roles(Role.BrokerStaff)
  @Post('purchases/:intentId/bank-details')
  async showBankDetails(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { intentId }: Record<string, string>) {
    await this.renderPurchase(req, res, intentId, { revealBank: true });
  }

  /** The sandbox's test shop: a card payment made with the sandbox card, through the same decision and ledger path as a real one. */
  @Roles(Role.BrokerStaff)
  @Post('purchases/:intentId/test-shop')
  async testShop(@Req() req: WebRequest, @Res() res: WebResponse, @PageIds() { intentId }: Record<string, string>, @Body() body: FormBody) {
    const form = new Form(body);
    const merchant = form.text('merchant', { max: 100 });
    const pence = form.money('amount');
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const { reveal } = await this.purchasing.purchase(req.principal!, intentId);
        if (reveal?.kind !== 'test_details') throw new FormInvalid([{ field: 'merchant', kind: 'refused_no_live_card' }]);
        const decision = await this.purchasing.simulateCardPurchase(
          req.principal!,
          intentId,
          merchant,
          'miscellaneous',
          Money.ofPence(pence!),
        );
        req.session.flash = decision.approved
          ? { key: 'purchase.testShopPaid', params: { amount: Money.ofPence(pence!).format() } }
          : { key: 'purchase.testShopDeclined', params: { reason: decision.reason ?? '' } };
        return `/broker/purchases/${intentId}`;
      },
      invalid: (errors) => void this.renderPurchase(req, res, intentId, { errors, values: { merchant, amount: body.amount } }, 400),
    });
  }

  /** Issuing Elements: the browser sends the nonce Stripe.js made; the answer is a key that lets Stripe draw this one card. */
  @Roles(Role.BrokerStaff)
  @Post('purchases/:intentId/card-key')
  @HttpCode(200)
  async cardKey(@Req() req: WebRequest, @PageIds() { intentId }: Record<string, string>, @Body() body: FormBody) {
    const nonce = typeof body.nonce === 'string' ? body.nonce : '';
    return { secret: await this.purchasing.ephemeralKey(req.principal!, intentId, nonce) };
  }

  private answers(body: FormBody, listed: boolean) {
    const form = new Form(body);
    const method = form.choice(
      'method',
      METHODS.filter((m) => listed || m !== 'invoice'),
    ) as Method;
    const reference = method === 'direct_payment' ? form.text('reference', { max: 100 }) : '';
    if (reference && reference.length < 3) form.errors.push({ field: 'reference', kind: 'too_short', params: { min: 3 } });
    return { method, reference, form };
  }

  /** The item, if it may be bought now: approved, and not bought already (the purchasing service says so again at the end). */
  private async buyable(req: WebRequest, { planId, itemId }: Record<string, string>) {
    const { view, item: line } = await this.views.item(req.principal!, planId, itemId);
    req.principal!.assertMemberOf(view.holder.brokerOrganisationId, Role.BrokerStaff);
    const [bought] = (await this.purchasing.intentsForItems([itemId])).filter((i) => i.status !== IntentStatus.Cancelled);
    return { view, line, bought: bought ?? null, approved: line.item.status === ItemStatus.Approved };
  }

  private async render(
    req: WebRequest,
    res: WebResponse,
    template: string,
    ids: Record<string, string>,
    data: Record<string, unknown>,
    status = 200,
  ) {
    const { view, line, bought, approved } = await this.buyable(req, ids);
    this.pages.render(req, res, template, { page: 'buy', view, line, bought, approved, ...data }, status);
  }

  private async renderPurchase(req: WebRequest, res: WebResponse, intentId: string, data: Record<string, unknown>, status = 200) {
    const { intent, card, reveal } = await this.purchasing.purchase(req.principal!, intentId);
    const [[invoice], bank] = await Promise.all([
      this.invoices.invoicesFor([intent.id]),
      this.bank.forOrder(req.principal!, intent.id, data.revealBank === true),
    ]);
    const { view, item } = await this.views.item(req.principal!, intent.planId, intent.planItemId).catch(() => {
      throw DomainError.notFound('That purchase');
    });
    this.pages.render(
      req,
      res,
      'broker/purchase',
      { page: 'purchase', intent, card, reveal, invoice: invoice ?? null, bank, view, line: item, method: intent.method, ...data },
      status,
    );
  }
}
