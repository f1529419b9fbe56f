import { Injectable } from '@nestjs/common';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { DomainError, isUuid } from '@kinwell/kernel';
import { Clock } from '@kinwell/kernel';
import { Principal, Role } from '@kinwell/identity';
import { MailQueue } from '@kinwell/mail';
import { HolderInvitationsService } from './holder-invitations.service';
import { HoldersService } from './holders.service';
import { IntakeRepository } from './intake.repository';
import { PlanFailure } from './plans.errors';
import { BudgetRequest, BudgetRequestStatus } from './plans.entities';
import { PlansRepository } from './plans.repository';

/** What the person who asked is told when a broker declines, in their language (English where Kinwell has not theirs). */
const DECLINED: Record<string, { subject: string; body: string }> = {
  en: {
    subject: 'About your request for a personal health budget ({reference})',
    body: 'Hello {name},\n\n{broker} has looked at your request and cannot take it forward. They said:\n\n{reason}\n\nIf you want to talk about it, or think this is wrong, contact {broker}{contact}. You can also ask again at any time.\n\nKinwell',
  },
  ur: {
    subject: 'ذاتی ہیلتھ بجٹ کی آپ کی درخواست کے بارے میں ({reference})',
    body: 'السلام علیکم {name}،\n\n{broker} نے آپ کی درخواست دیکھی ہے اور اسے آگے نہیں بڑھا سکتے۔ انہوں نے کہا:\n\n{reason}\n\nاگر آپ اس پر بات کرنا چاہتے ہیں، یا سمجھتے ہیں کہ یہ غلط ہے، تو {broker} سے رابطہ کریں{contact}۔ آپ کسی بھی وقت دوبارہ درخواست دے سکتے ہیں۔\n\nKinwell',
  },
};

export type RequestFailure = Extract<PlanFailure, { kind: 'wrong_state' }>;

/**
 * A broker's answer to someone who asked for a budget: accepted, it becomes a holder record (the asker's own
 * account linked if they made one, else an invitation to the email they gave); declined, they are told why.
 */
@Injectable()
export class IntakeDecisionsService {
  constructor(
    private readonly repository: IntakeRepository,
    private readonly plans: PlansRepository,
    private readonly holders: HoldersService,
    private readonly invitations: HolderInvitationsService,
    private readonly mail: MailQueue,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** New requests in the areas of the principal's broker organisations, oldest first. */
  async newRequests(principal: Principal): Promise<BudgetRequest[]> {
    return this.repository.newRequests(await this.areasOf(principal));
  }

  async request(principal: Principal, requestId: string): Promise<BudgetRequest> {
    const request = isUuid(requestId) ? await this.repository.request(requestId) : null;
    if (!request || !(await this.areasOf(principal)).includes(request.commissionerId)) throw DomainError.notFound('That request');
    return request;
  }

  accept(
    principal: Principal,
    requestId: string,
    brokerOrganisationId: string,
  ): Promise<{ holderId: string; invited: boolean } | RequestFailure> {
    principal.assertMemberOf(brokerOrganisationId, Role.BrokerStaff);
    return this.tx.run(async () => {
      const request = await this.locked(principal, requestId);
      if (request.status !== BudgetRequestStatus.New) return { kind: 'wrong_state', message: `That request was already ${request.status}` };
      const holder = await this.holders.createHolder(principal, {
        preferredName: request.name,
        pronouns: null,
        languages: [request.language],
        communities: [],
        ageBand: null,
        gender: null,
        ethnicity: null,
        equityReportingConsent: false,
        postcodeDistrict: request.postcodeDistrict,
        brokerOrganisationId,
        clinicalTeamId: null,
        requestId: request.id,
      });
      // Someone who made an account as they asked has it linked already; anyone else who gave an email is invited.
      const invited = !holder.userId && !!request.email;
      if (invited)
        await this.invitations.inviteHolder(principal, holder.id, {
          email: request.email!,
          displayName: request.name,
          language: request.language,
        });
      await this.repository.decideRequest(request.id, {
        status: BudgetRequestStatus.Accepted,
        decidedAt: this.clock.now(),
        decidedBy: principal.userId,
        declineReason: null,
        holderId: holder.id,
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'intake.accepted',
        subject: { type: 'budget_request', id: request.id },
        change: { holderId: holder.id },
      });
      return { holderId: holder.id, invited };
    });
  }

  decline(principal: Principal, requestId: string, reasonInput: string): Promise<BudgetRequest | RequestFailure> {
    const reason = reasonInput.trim();
    if (reason.length < 10) throw DomainError.validation([{ field: 'reason', message: 'say why, in words the person can act on' }]);
    if (reason.length > 2000) throw DomainError.validation([{ field: 'reason', message: 'too_long:2000' }]);
    return this.tx.run(async () => {
      const request = await this.locked(principal, requestId);
      if (request.status !== BudgetRequestStatus.New) return { kind: 'wrong_state', message: `That request was already ${request.status}` };
      Object.assign(request, {
        status: BudgetRequestStatus.Declined,
        decidedAt: this.clock.now(),
        decidedBy: principal.userId,
        declineReason: reason,
      });
      await this.repository.decideRequest(request.id, { ...request, holderId: null });
      if (request.email) await this.tellDeclined(principal, request, reason);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'intake.declined',
        subject: { type: 'budget_request', id: request.id },
        reason,
      });
      return request;
    });
  }

  private async tellDeclined(principal: Principal, request: BudgetRequest, reason: string): Promise<void> {
    const [broker] = await this.plans.findOrganisations(principal.organisationsWith(Role.BrokerStaff));
    const texts = DECLINED[request.language] ?? DECLINED.en;
    const contact = broker?.contactPhone ? ` (${broker.contactPhone})` : '';
    const fill = (text: string) =>
      text.replace(
        /\{(\w+)\}/g,
        (_, key: string) =>
          ({ name: request.name, reference: request.reference, reason, broker: broker?.name ?? 'your broker', contact })[key] ?? '',
      );
    await this.mail.queue({
      to: request.email!,
      subject: fill(texts.subject),
      text: fill(texts.body),
      language: DECLINED[request.language] ? request.language : 'en',
    });
  }

  private async locked(principal: Principal, requestId: string): Promise<BudgetRequest> {
    await this.request(principal, requestId);
    return (await this.repository.lockRequest(requestId))!;
  }

  /** Brokers answer the requests of the areas they work in. */
  private async areasOf(principal: Principal): Promise<string[]> {
    const brokers = await this.plans.findOrganisations(principal.organisationsWith(Role.BrokerStaff));
    return [...new Set(brokers.map((b) => b.commissionerId).filter((id): id is string => !!id))];
  }
}
