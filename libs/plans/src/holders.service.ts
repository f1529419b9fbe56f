import { Injectable } from '@nestjs/common';
import { BudgetKind, BudgetsService } from '@kinwell/budgets';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, Money } from '@kinwell/kernel';
import { OrganisationKind, Principal, Role } from '@kinwell/identity';
import { PlanAccess } from './plan-access';
import { Holder, RepresentativeRelationship } from './plans.entities';
import { PlansRepository } from './plans.repository';
import { AGE_BANDS, GENDERS, NewHolder } from './plan-steps';
import { ETHNICITY_CODES } from '@kinwell/directory';

/** Who a plan is for: holder records, the carers and advocates they consent to, and their budgets. */
@Injectable()
export class HoldersService {
  constructor(
    private readonly repository: PlansRepository,
    private readonly access: PlanAccess,
    private readonly budgets: BudgetsService,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  createHolder(principal: Principal, input: NewHolder): Promise<Holder> {
    principal.assertMemberOf(input.brokerOrganisationId, Role.BrokerStaff);
    return this.tx.run(async () => {
      const broker = await this.repository.findOrganisation(input.brokerOrganisationId);
      if (!broker || broker.kind !== OrganisationKind.Broker || !broker.commissionerId)
        throw DomainError.validation([{ field: 'brokerOrganisationId', message: 'must be a broker in a commissioning area' }]);
      if (input.clinicalTeamId) {
        const team = await this.repository.findOrganisation(input.clinicalTeamId);
        if (!team || team.kind !== OrganisationKind.ClinicalTeam || team.commissionerId !== broker.commissionerId) {
          throw DomainError.validation([{ field: 'clinicalTeamId', message: 'must be a clinical team in the same area' }]);
        }
      }
      // The only account linked here is the one its person made when asking for a budget; anyone else is invited.
      const requestAccount = input.requestId ? await this.repository.requestAccount(input.requestId, broker.commissionerId) : null;
      if (requestAccount === undefined) throw DomainError.validation([{ field: 'requestId', message: 'is not a request in this area' }]);
      // One holder record per account (a unique index backs this against a race).
      if (requestAccount && (await this.repository.findHolderByUser(requestAccount))) {
        throw DomainError.validation([
          { field: 'requestId', message: 'the person who asked already has a holder record; open it instead of making another' },
        ]);
      }
      const { requestId: _request, ...fields } = input;
      const holder = await this.repository.insertHolder({
        ...fields,
        userId: requestAccount ?? null,
        // Communities are kept only with consent for equity reporting.
        communities: input.equityReportingConsent ? input.communities : [],
        ageBand: input.equityReportingConsent ? input.ageBand : null,
        gender: input.equityReportingConsent ? input.gender : null,
        ethnicity: input.equityReportingConsent ? input.ethnicity : null,
        commissionerId: broker.commissionerId,
      });
      await this.audit.record({ actor: principal.auditActor, action: 'holder.created', subject: { type: 'holder', id: holder.id } });
      return holder;
    });
  }

  /**
   * The holder's own answers about themselves (age band, gender, census ethnic group) for the area's anonymous
   * figures. Self-declared: only the holder gives them, never someone acting for them. Without consent nothing is
   * kept, and withdrawing it clears what was given (communities served too, as they are kept only with consent).
   * The audit says what changed, never the answers.
   */
  declareAboutMe(
    principal: Principal,
    holderId: string,
    input: { consent: boolean; ageBand: string | null; gender: string | null; ethnicity: string | null },
  ): Promise<Holder> {
    const problems = [
      input.ageBand !== null && !AGE_BANDS.includes(input.ageBand) && { field: 'ageBand', message: 'is not an age band' },
      input.gender !== null && !GENDERS.includes(input.gender) && { field: 'gender', message: 'is not one of the answers' },
      input.ethnicity !== null && !ETHNICITY_CODES.has(input.ethnicity) && { field: 'ethnicity', message: 'is not a census ethnic group' },
    ].filter((p): p is { field: string; message: string } => !!p);
    if (problems.length) throw DomainError.validation(problems);
    return this.tx.run(async () => {
      const holder = await this.access.holder(principal, holderId, 'speak_for_holder');
      if (holder.userId !== principal.userId) throw DomainError.forbidden('Only the holder can say this about themselves');
      const answers = input.consent
        ? { ageBand: input.ageBand, gender: input.gender, ethnicity: input.ethnicity, communities: holder.communities }
        : { ageBand: null, gender: null, ethnicity: null, communities: [] };
      const changes = { equityReportingConsent: input.consent, ...answers };
      await this.repository.updateHolder(holder.id, changes);
      const changed = (['ageBand', 'gender', 'ethnicity', 'communities'] as const).filter(
        (f) => JSON.stringify(holder[f]) !== JSON.stringify(answers[f]),
      );
      await this.audit.record({
        actor: principal.auditActor,
        action: 'holder.about_me_declared',
        subject: { type: 'holder', id: holder.id },
        change: { consent: { from: holder.equityReportingConsent, to: input.consent }, changed },
      });
      return { ...holder, ...changes };
    });
  }

  /** The holder (or an existing representative) records consent for a carer or advocate to act for them. */
  addRepresentative(principal: Principal, holderId: string, userId: string, relationship: RepresentativeRelationship): Promise<void> {
    return this.tx.run(async () => {
      await this.access.holder(principal, holderId, 'speak_for_holder');
      await this.repository.upsertRepresentative({
        holderId,
        userId,
        relationship,
        consentGivenAt: this.clock.now(),
        consentRevokedAt: null,
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'holder.representative_consented',
        subject: { type: 'holder', id: holderId },
        change: { userId, relationship },
      });
    });
  }

  /** The holder withdraws a representative's consent; their access ends at once. */
  revokeRepresentative(principal: Principal, holderId: string, userId: string): Promise<void> {
    return this.tx.run(async () => {
      const holder = await this.access.holder(principal, holderId, 'speak_for_holder');
      if (holder.userId !== principal.userId) throw DomainError.forbidden('Only the holder can withdraw consent');
      await this.repository.revokeRepresentative(holderId, userId, this.clock.now());
      await this.audit.record({
        actor: principal.auditActor,
        action: 'holder.representative_revoked',
        subject: { type: 'holder', id: holderId },
        change: { userId },
      });
    });
  }

  async openBudget(
    principal: Principal,
    holderId: string,
    input: {
      kind: BudgetKind;
      periodStart: string;
      periodEnd: string;
      allocation: Money;
      allocationNote: string;
      allocationLines: Array<{ label: string; pence: number }>;
    },
  ) {
    const holder = await this.access.holder(principal, holderId, 'read');
    principal.assertMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
    return this.budgets.open(principal.auditActor, {
      ...input,
      holderId,
      commissionerId: holder.commissionerId,
      heldByOrganisationId: input.kind === BudgetKind.ThirdParty ? holder.brokerOrganisationId : null,
    });
  }

  /** The clinical team whose clinicians sign off the holder's items: one of the area's teams, set by their broker. */
  setClinicalTeam(principal: Principal, holderId: string, clinicalTeamId: string | null): Promise<Holder> {
    return this.tx.run(async () => {
      const holder = await this.access.holder(principal, holderId, 'read');
      principal.assertMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
      if (clinicalTeamId) {
        const [team] = await this.repository.findOrganisations([clinicalTeamId]);
        if (!team || team.kind !== OrganisationKind.ClinicalTeam || team.commissionerId !== holder.commissionerId)
          throw DomainError.validation([{ field: 'clinicalTeamId', message: "must be a clinical team in the holder's area" }]);
      }
      await this.repository.updateHolder(holder.id, { clinicalTeamId });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'holder.clinical_team_set',
        subject: { type: 'holder', id: holder.id },
        change: { clinicalTeamId: { from: holder.clinicalTeamId, to: clinicalTeamId } },
      });
      return { ...holder, clinicalTeamId };
    });
  }

  /** The area's clinical teams, to choose a holder's from. */
  async clinicalTeams(principal: Principal, holderId: string) {
    const holder = await this.access.holder(principal, holderId, 'read');
    return this.repository.organisationsOfArea(holder.commissionerId, OrganisationKind.ClinicalTeam);
  }

  /** The signed-in person's own holder record, if they hold a budget. */
  myRecord(principal: Principal): Promise<Holder | null> {
    return this.repository.findHolderByUser(principal.userId);
  }
}
