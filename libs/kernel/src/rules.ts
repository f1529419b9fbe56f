/**
 * A payment (other than an invoice) needs a receipt within this many days. Reconciliation raises the
 * missing-receipt exception at this age, and the broker's worklist counts receipts missing by it.
 */
export const RECEIPT_DUE_DAYS = 15;
