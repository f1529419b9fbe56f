import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Principal, Role } from '@kinwell/identity';
import { Clock, DomainError, seal, sealingKey, unseal } from '@kinwell/kernel';
import { PaymentMethodKind, ProviderBankDetails } from './payments.entities';
import { PaymentsRepository } from './payments.repository';

export interface BankDetails {
  accountName: string;
  sortCode: string;
  accountNumber: string;
}

/** What anyone but a paying broker sees: the name, and where the numbers are, only their last digits. */
export interface MaskedBankDetails {
  accountName: string;
  sortCode: string;
  accountNumber: string;
  updatedAt: Date;
}

/** "12-34-56", "12 34 56" or "123456"; 8 digits for the account (spaces allowed). */
export function bankDetailsProblems(d: BankDetails): Array<{ field: string; message: string }> {
  return [
    ...(d.accountName.trim().length >= 2 && d.accountName.trim().length <= 70
      ? []
      : [{ field: 'accountName', message: 'give the name on the account' }]),
    ...(/^\d{6}$/.test(d.sortCode.replace(/[\s-]/g, '')) ? [] : [{ field: 'sortCode', message: 'must be 6 digits, like 12-34-56' }]),
    ...(/^\d{8}$/.test(d.accountNumber.replace(/\s/g, '')) ? [] : [{ field: 'accountNumber', message: 'must be 8 digits' }]),
  ];
}

/**
 * A provider's bank details for invoices paid by transfer: set by its staff, masked everywhere, and read
 * in full only by broker staff paying one of that provider's open invoice orders, each reading audited.
 */
@Injectable()
export class BankDetailsService {
  private readonly key: Buffer;

  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: PaymentsRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = sealingKey(config.auth.jwtSecret, 'kinwell provider bank details');
  }

  async set(principal: Principal, providerId: string, details: BankDetails): Promise<MaskedBankDetails> {
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    const problems = bankDetailsProblems(details);
    if (problems.length) throw DomainError.validation(problems);
    const sortCode = details.sortCode.replace(/[\s-]/g, '');
    const accountNumber = details.accountNumber.replace(/\s/g, '');
    const row = {
      organisationId: providerId,
      accountName: details.accountName.trim(),
      sealed: seal(JSON.stringify({ sortCode, accountNumber }), this.key),
      last4: accountNumber.slice(-4),
      updatedBy: principal.userId,
      updatedAt: this.clock.now(),
    };
    await this.tx.run(async () => {
      await this.tx.manager.upsert(ProviderBankDetails, row, ['organisationId']);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'provider.bank_details_set',
        subject: { type: 'organisation', id: providerId },
      });
    });
    return this.mask(row);
  }

  /** The provider's own staff see their details masked. */
  async mine(principal: Principal, providerId: string): Promise<MaskedBankDetails | null> {
    principal.assertMemberOf(providerId, Role.ProviderStaff);
    const row = await this.tx.manager.findOne(ProviderBankDetails, { where: { organisationId: providerId } });
    return row ? this.mask(row) : null;
  }

  /** For the broker of an invoice order: masked, or (reveal) in full to pay it, audited. */
  async forOrder(principal: Principal, intentId: string, reveal: boolean): Promise<(MaskedBankDetails & { revealed: boolean }) | null> {
    const intent = await this.repository.findIntent(intentId);
    if (!intent || intent.method !== PaymentMethodKind.Invoice || !intent.providerOrganisationId) return null;
    principal.assertMemberOf(intent.brokerOrganisationId, Role.BrokerStaff);
    const row = await this.tx.manager.findOne(ProviderBankDetails, { where: { organisationId: intent.providerOrganisationId } });
    if (!row) return null;
    if (!reveal) return { ...this.mask(row), revealed: false };
    const open = unseal(row.sealed, this.key);
    if (!open) throw new DomainError('INTERNAL', 'The bank details cannot be read with this deployment’s key');
    const { sortCode, accountNumber } = JSON.parse(open) as { sortCode: string; accountNumber: string };
    await this.audit.record({
      actor: principal.auditActor,
      action: 'provider.bank_details_shown',
      subject: { type: 'purchase_intent', id: intentId },
      change: { providerId: intent.providerOrganisationId },
    });
    return {
      accountName: row.accountName,
      sortCode: `${sortCode.slice(0, 2)}-${sortCode.slice(2, 4)}-${sortCode.slice(4)}`,
      accountNumber,
      updatedAt: row.updatedAt,
      revealed: true,
    };
  }

  private mask(row: Pick<ProviderBankDetails, 'accountName' | 'last4' | 'updatedAt'>): MaskedBankDetails {
    return { accountName: row.accountName, sortCode: '••-••-••', accountNumber: `••••${row.last4}`, updatedAt: row.updatedAt };
  }
}
