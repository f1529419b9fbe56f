import { Injectable } from '@nestjs/common';
import { Invitation, InvitationKind } from '../identity.entities';
import { AccountFailure } from './account.errors';

/**
 * What accepting an invitation does beyond making the account. Identity knows staff memberships; the plans
 * context registers what a holder's or representative's invitation links (their holder record), so identity
 * never reaches into plans. The linker runs in the accepting transaction: if it refuses, nothing is kept.
 */
export interface InvitationLinker {
  link(invitation: Invitation, userId: string): Promise<AccountFailure | null>;
  /** The holder's name, for the words of a representative's invitation. */
  holderName(invitation: Invitation): Promise<string | null>;
}

@Injectable()
export class InvitationLinks {
  private readonly linkers = new Map<InvitationKind, InvitationLinker>();

  register(kind: InvitationKind, linker: InvitationLinker): void {
    this.linkers.set(kind, linker);
  }

  link(invitation: Invitation, userId: string): Promise<AccountFailure | null> {
    const linker = this.linkers.get(invitation.kind);
    if (!linker) throw new Error(`Nothing links a ${invitation.kind} invitation`);
    return linker.link(invitation, userId);
  }

  async holderName(invitation: Invitation): Promise<string | null> {
    return (await this.linkers.get(invitation.kind)?.holderName(invitation)) ?? null;
  }
}
