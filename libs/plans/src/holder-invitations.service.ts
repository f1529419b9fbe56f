import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Clock, DomainError } from '@kinwell/kernel';
import {
  accountFailure,
  AccountFailure,
  AccountsService,
  Invitation,
  InvitationKind,
  InvitationLinks,
  Principal,
  Role,
} from '@kinwell/identity';
import { PlanAccess } from './plan-access';
import { RepresentativeRelationship } from './plans.entities';
import { PlansRepository } from './plans.repository';

export interface HolderInvitee {
  email: string;
  displayName: string;
  language?: string;
}

/**
 * The only ways an account becomes a holder's or a representative's: an invitation from the holder's broker
 * (or, for a representative, from the holder), accepted from the invited inbox. Plans registers what accepting
 * one links, so identity never reaches into holder records.
 */
@Injectable()
export class HolderInvitationsService implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly links: InvitationLinks,
    private readonly access: PlanAccess,
    private readonly repository: PlansRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const holderName = async (invitation: Invitation) =>
      invitation.holderId ? ((await this.repository.findHolder(invitation.holderId))?.preferredName ?? null) : null;
    this.links.register(InvitationKind.Holder, { link: (invitation, userId) => this.linkHolder(invitation, userId), holderName });
    this.links.register(InvitationKind.Representative, {
      link: (invitation, userId) => this.linkRepresentative(invitation, userId),
      holderName,
    });
  }

  /** Broker staff invite the person a holder record is for; the record is theirs once they accept. */
  inviteHolder(principal: Principal, holderId: string, invitee: HolderInvitee): Promise<Invitation | AccountFailure> {
    return this.tx.run(async () => {
      const holder = await this.access.holder(principal, holderId, 'plan');
      if (!principal.isMemberOf(holder.brokerOrganisationId, Role.BrokerStaff))
        throw DomainError.forbidden('Only the holder’s broker invites them');
      if (holder.userId) return accountFailure('already_linked');
      return this.accounts.createInvitation(principal, {
        kind: InvitationKind.Holder,
        ...invitee,
        language: invitee.language ?? holder.languages.find((l) => ['en', 'ur'].includes(l)) ?? 'en',
        organisationId: holder.brokerOrganisationId,
        holderId: holder.id,
      });
    });
  }

  /** A carer or advocate the holder has named: invited by the holder, or by their broker on the holder's word. */
  inviteRepresentative(
    principal: Principal,
    holderId: string,
    invitee: HolderInvitee & { relationship: RepresentativeRelationship },
  ): Promise<Invitation | AccountFailure> {
    return this.tx.run(async () => {
      const holder = await this.access.holder(principal, holderId, 'plan');
      const mayInvite = holder.userId === principal.userId || principal.isMemberOf(holder.brokerOrganisationId, Role.BrokerStaff);
      if (!mayInvite) throw DomainError.forbidden('Only the holder or their broker invites someone to act for them');
      if (!Object.values(RepresentativeRelationship).includes(invitee.relationship))
        throw DomainError.validation([{ field: 'relationship', message: 'choose carer, advocate or peer supporter' }]);
      return this.accounts.createInvitation(principal, {
        kind: InvitationKind.Representative,
        email: invitee.email,
        displayName: invitee.displayName,
        language: invitee.language,
        organisationId: holder.brokerOrganisationId,
        holderId: holder.id,
        relationship: invitee.relationship,
      });
    });
  }

  /** The broker's holders with no account yet, and whether an invitation is out: who to invite next. */
  holdersWithoutAccounts(principal: Principal): Promise<Array<{ id: string; preferredName: string; invitedAt: Date | null }>> {
    const brokers = principal.organisationsWith(Role.BrokerStaff);
    return brokers.length ? this.repository.holdersWithoutAccounts(brokers) : Promise.resolve([]);
  }

  private async linkHolder(invitation: Invitation, userId: string): Promise<AccountFailure | null> {
    const holder = await this.repository.lockHolder(invitation.holderId!);
    if (!holder) return accountFailure('link_not_found');
    if (holder.userId === userId) return null;
    if (holder.userId) return accountFailure('already_linked');
    // One holder record per account: someone who already holds a budget is not made a second holder.
    if (await this.repository.findHolderByUser(userId)) return accountFailure('already_linked');
    await this.repository.linkHolderAccount(holder.id, userId);
    return null;
  }

  private async linkRepresentative(invitation: Invitation, userId: string): Promise<AccountFailure | null> {
    const holder = await this.repository.findHolder(invitation.holderId!);
    if (!holder) return accountFailure('link_not_found');
    if (holder.userId === userId) return accountFailure('already_linked');
    // Naming them was the holder's consent (given to the broker, or by inviting them); it starts now.
    await this.repository.upsertRepresentative({
      holderId: holder.id,
      userId,
      relationship: invitation.relationship as RepresentativeRelationship,
      consentGivenAt: this.clock.now(),
      consentRevokedAt: null,
    });
    return null;
  }
}
