import { DomainError } from '@kinwell/kernel';
import { OrganisationKind, Role } from './roles';

export interface PrincipalMembership {
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
  livedExperience: boolean;
}

/** The signed-in person and what they may do, loaded fresh on every request. */
export class Principal {
  constructor(
    readonly userId: string,
    readonly email: string,
    readonly displayName: string,
    readonly memberships: readonly PrincipalMembership[],
  ) {}

  get isPlatformAdmin(): boolean {
    return this.memberships.some((m) => m.role === Role.PlatformAdmin);
  }

  hasRole(...roles: Role[]): boolean {
    return this.memberships.some((m) => roles.includes(m.role));
  }

  isMemberOf(organisationId: string, ...roles: Role[]): boolean {
    return this.memberships.some((m) => m.organisationId === organisationId && (roles.length === 0 || roles.includes(m.role)));
  }

  organisationsWith(...roles: Role[]): string[] {
    return [...new Set(this.memberships.filter((m) => roles.includes(m.role)).map((m) => m.organisationId))];
  }

  /** Throws FORBIDDEN unless the principal belongs to the organisation (in one of the roles, if given). */
  assertMemberOf(organisationId: string, ...roles: Role[]): void {
    if (!this.isMemberOf(organisationId, ...roles)) {
      throw DomainError.forbidden('You do not have access to this organisation');
    }
  }

  get auditActor(): { userId: string; label: string } {
    return { userId: this.userId, label: this.email };
  }
}
