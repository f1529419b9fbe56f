import { Injectable } from '@nestjs/common';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Principal, Role } from '@kinwell/identity';
import { Clock, DomainError, isUuid, newId } from '@kinwell/kernel';
import { IntentStatus, PurchaseIntent, PurchasingService } from '@kinwell/payments';
import { caseReference, PlanLookup } from '@kinwell/plans';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { In } from 'typeorm';
import { FileStorage, MAX_RECEIPT_BYTES, receiptType } from './file-storage';
import { ProviderInvoice } from './reconciliation.entities';

/** An order as its provider reads it: a reference for the person, never their name. */
export interface ProviderOrder {
  intent: PurchaseIntent;
  /** What was ordered, as the plan item says. */
  description: string;
  caseReference: string;
  brokerName: string;
  invoice: ProviderInvoice | null;
  /** Awaiting an invoice, invoiced, paid, or cancelled. */
  state: 'awaiting_invoice' | 'invoiced' | 'paid' | 'cancelled';
}

export interface InvoiceForm {
  invoiceNumber: string;
  issuedOn: string;
}

const INVOICE_NUMBER = /^[\w./-]{1,40}$/;

/**
 * A provider's side of orders placed by invoice: what was ordered and whether it is paid, and the
 * invoice they send, uploaded as a PDF or made from a short form. One invoice per order, for the
 * ordered amount; the broker reads it beside the order and marks it paid.
 */
@Injectable()
export class ProviderInvoicesService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly purchasing: PurchasingService,
    private readonly plans: PlanLookup,
    private readonly storage: FileStorage,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async orders(principal: Principal, providerId: string): Promise<ProviderOrder[]> {
    const intents = await this.purchasing.invoicesForProvider(principal, providerId);
    return this.describe(intents);
  }

  async order(principal: Principal, providerId: string, intentId: string): Promise<ProviderOrder> {
    const order = isUuid(intentId) ? (await this.orders(principal, providerId)).find((o) => o.intent.id === intentId) : undefined;
    if (!order) throw DomainError.notFound('That order');
    return order;
  }

  /** The provider uploads their own invoice: a PDF, checked by its content, at most 5 MB. */
  async upload(principal: Principal, providerId: string, intentId: string, form: InvoiceForm, pdf: Buffer): Promise<ProviderInvoice> {
    if (pdf.length === 0 || pdf.length > MAX_RECEIPT_BYTES || receiptType(pdf) !== 'application/pdf')
      throw DomainError.validation([{ field: 'invoice', message: 'must be a PDF of at most 5 MB' }]);
    return this.submit(principal, providerId, intentId, form, pdf, 'upload');
  }

  /** The provider fills in the short form; Kinwell makes the invoice PDF from the order. */
  async fromForm(principal: Principal, providerId: string, intentId: string, form: InvoiceForm): Promise<ProviderInvoice> {
    const order = await this.order(principal, providerId, intentId);
    const provider = await this.plans.findOrganisation(providerId);
    return this.submit(principal, providerId, intentId, form, await invoicePdf(order, provider?.name ?? '', form), 'form');
  }

  /** The invoice's file, for the provider that sent it and the broker that placed the order. */
  async file(principal: Principal, intentId: string): Promise<{ invoice: ProviderInvoice; content: Buffer }> {
    const invoice = isUuid(intentId) ? await this.tx.manager.findOne(ProviderInvoice, { where: { intentId } }) : null;
    if (!invoice) throw DomainError.notFound('That invoice');
    const intent = (await this.purchasing.findIntent(invoice.intentId))!;
    if (
      !principal.isMemberOf(invoice.providerOrganisationId, Role.ProviderStaff) &&
      !principal.isMemberOf(intent.brokerOrganisationId, Role.BrokerStaff)
    )
      throw DomainError.forbidden('Only the provider and the broker of this order may read its invoice');
    return { invoice, content: await this.storage.get(invoice.storageKey) };
  }

  /** The invoices received for these orders, for the broker's pages. */
  invoicesFor(intentIds: readonly string[]): Promise<ProviderInvoice[]> {
    return intentIds.length ? this.tx.manager.find(ProviderInvoice, { where: { intentId: In([...intentIds]) } }) : Promise.resolve([]);
  }

  private async submit(
    principal: Principal,
    providerId: string,
    intentId: string,
    form: InvoiceForm,
    pdf: Buffer,
    source: 'upload' | 'form',
  ): Promise<ProviderInvoice> {
    const problems = [
      ...(INVOICE_NUMBER.test(form.invoiceNumber.trim())
        ? []
        : [{ field: 'invoiceNumber', message: 'letters, numbers and . / - only, up to 40' }]),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(form.issuedOn) && form.issuedOn <= this.clock.now().toISOString().slice(0, 10)
        ? []
        : [{ field: 'issuedOn', message: 'must be a day that has come' }]),
    ];
    if (problems.length) throw DomainError.validation(problems);
    const order = await this.order(principal, providerId, intentId);
    if (order.state !== 'awaiting_invoice')
      throw DomainError.validation([{ field: 'invoice', message: `this order is ${order.state.replace('_', ' ')}: no invoice is needed` }]);
    // The file is stored before the transaction opens: no call to the store while a transaction is held.
    const key = `invoices/${providerId}/${newId()}`;
    await this.storage.put(key, pdf, 'application/pdf');
    return this.tx.run(async () => {
      const saved = await this.tx.manager
        .createQueryBuilder()
        .insert()
        .into(ProviderInvoice)
        .values({
          intentId,
          providerOrganisationId: providerId,
          invoiceNumber: form.invoiceNumber.trim(),
          amount: order.intent.approved,
          issuedOn: form.issuedOn,
          source,
          storageKey: key,
          sizeBytes: pdf.length,
          submittedBy: principal.userId,
          submittedAt: this.clock.now(),
        })
        .orIgnore()
        .returning('*')
        .execute();
      // Two presses at once: the second finds the first's invoice and changes nothing.
      if (!(saved.raw as unknown[]).length)
        throw DomainError.validation([{ field: 'invoice', message: 'an invoice was already sent for this order' }]);
      const invoice = (await this.tx.manager.findOne(ProviderInvoice, { where: { intentId } }))!;
      await this.audit.record({
        actor: principal.auditActor,
        action: 'purchase.invoice_received',
        subject: { type: 'purchase_intent', id: intentId },
        change: { invoiceNumber: invoice.invoiceNumber, amountPence: invoice.amount.pence, source },
      });
      return invoice;
    });
  }

  private async describe(intents: PurchaseIntent[]): Promise<ProviderOrder[]> {
    const [items, invoices, plans] = await Promise.all([
      this.plans.findItems(intents.map((i) => i.planItemId)),
      this.invoicesFor(intents.map((i) => i.id)),
      Promise.all([...new Set(intents.map((i) => i.planId))].map((id) => this.plans.findPlan(id))),
    ]);
    const brokers = new Map<string, string>();
    for (const id of new Set(intents.map((i) => i.brokerOrganisationId)))
      brokers.set(id, (await this.plans.findOrganisation(id))?.name ?? '');
    return intents.map((intent) => {
      const plan = plans.find((p) => p?.id === intent.planId);
      const invoice = invoices.find((v) => v.intentId === intent.id) ?? null;
      return {
        intent,
        description: items.find((i) => i.id === intent.planItemId)?.description ?? '',
        caseReference: plan ? caseReference(plan.holderId) : '',
        brokerName: brokers.get(intent.brokerOrganisationId) ?? '',
        invoice,
        state:
          intent.status === IntentStatus.Completed
            ? 'paid'
            : intent.status === IntentStatus.Cancelled
              ? 'cancelled'
              : invoice
                ? 'invoiced'
                : 'awaiting_invoice',
      };
    });
  }
}

/** An invoice PDF from the short form: who to, what for, how much, and the order's reference. */
async function invoicePdf(order: ProviderOrder, providerName: string, form: InvoiceForm): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${form.invoiceNumber}`);
  doc.setProducer('Kinwell');
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  // The standard fonts cover Latin-1 only: anything else a person typed is written as "?" rather than failing.
  const latin = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
  let y = 780;
  const line = (text: string, size = 11, face = font) => {
    page.drawText(latin(text), { x: 56, y, size, font: face });
    y -= size + 10;
  };
  line(`Invoice ${form.invoiceNumber}`, 20, bold);
  line(`From: ${providerName}`);
  line(`To: ${order.brokerName}`);
  line(`Date: ${form.issuedOn}`);
  line(`Order reference: ${order.intent.id.slice(0, 8).toUpperCase()} (${order.caseReference})`);
  y -= 10;
  line(order.description, 12, bold);
  line(`Amount due: ${order.intent.approved.format().replace('£', 'GBP ')}`, 12, bold);
  y -= 10;
  line('Paid from a personal health budget. Please quote the order reference with payment.', 9);
  return Buffer.from(await doc.save());
}
