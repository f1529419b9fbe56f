import { DomainError } from '@kinwell/kernel';
import { OrganisationKind, Role } from './roles';
import { ROLES_NEEDING_SECOND_FACTOR } from './second-factor/second-factor.roles';

export interface PrincipalMembership {
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
  livedExperience: boolean;
  /** An admin of the organisation: invites colleagues, changes roles, deactivates people. */
  admin?: boolean;
}

/** The signed-in person and what they may do, loaded fresh on every request. */
export class Principal {
  constructor(
    readonly userId: string,
    readonly email: string,
    readonly displayName: string,
    readonly memberships: readonly PrincipalMembership[],
    /** Whether this sign-in passed a second factor (TOTP or a recovery code). */
    readonly secondFactor = false,
    /** The language Kinwell writes to them in. */
    readonly language = 'en',
  ) {}

  /** Staff who can see a person's data, signed in without a second factor: they may only set one up. */
  get needsSecondFactor(): boolean {
    return !this.secondFactor && this.memberships.some((m) => ROLES_NEEDING_SECOND_FACTOR.includes(m.role));
  }

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
