import { Injectable } from '@nestjs/common';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Clock, DomainError } from '@kinwell/kernel';
import { Organisation, TokenPurpose } from '../identity.entities';
import { Principal } from '../principal';
import { OrganisationKind, Role, ROLES_BY_ORGANISATION_KIND } from '../roles';
import { AccountsRepository, MemberRow, SessionRow } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { AccountTokens } from './account-tokens';

const SET_UP_HOURS = 24;

/** Areas and organisations (platform admins), members and roles (organisation admins), and a person's own sessions. */
@Injectable()
export class AdministrationService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly accounts: AccountsService,
    private readonly tokens: AccountTokens,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** A platform admin makes a commissioning area (kind commissioner, no area) or an organisation in one. */
  createOrganisation(principal: Principal, input: { name: string; kind: OrganisationKind; areaId: string | null }): Promise<Organisation> {
    if (!principal.isPlatformAdmin) throw DomainError.forbidden('Only platform admins create areas and organisations');
    return this.tx.run(async () => {
      const name = input.name.trim();
      const problems = [];
      if (!name) problems.push({ field: 'name', message: 'enter a name' });
      if (name.length > 200) problems.push({ field: 'name', message: 'must be at most 200 characters' });
      if (!Object.values(OrganisationKind).includes(input.kind))
        problems.push({ field: 'kind', message: 'choose what kind of organisation it is' });
      let areaId: string | null = null;
      if (input.kind !== OrganisationKind.Commissioner && input.kind !== OrganisationKind.Platform) {
        const area = input.areaId ? await this.repository.organisation(input.areaId) : null;
        if (!area || area.kind !== OrganisationKind.Commissioner)
          problems.push({ field: 'areaId', message: 'choose the commissioning area it works in' });
        else areaId = area.id;
      }
      if (problems.length) throw DomainError.validation(problems);
      const organisation = await this.repository.insertOrganisation({
        name,
        kind: input.kind,
        commissionerId: areaId,
        approvedAt: this.clock.now(),
      });
      await this.audit.record({
        actor: principal.auditActor,
        action: 'organisation.created',
        subject: { type: 'organisation', id: organisation.id },
        change: { kind: input.kind, areaId },
      });
      return organisation;
    });
  }

  organisations(principal: Principal): Promise<Organisation[]> {
    if (!principal.isPlatformAdmin) throw DomainError.forbidden('Only platform admins see every organisation');
    return this.repository.allOrganisations();
  }

  areas(): Promise<Organisation[]> {
    return this.repository.areas();
  }

  async members(
    principal: Principal,
    organisationId: string,
  ): Promise<{ organisation: Organisation; members: MemberRow[]; roles: Role[] }> {
    this.accounts.assertAdminOf(principal, organisationId);
    const organisation = await this.repository.organisation(organisationId);
    if (!organisation) throw DomainError.notFound('That organisation');
    return { organisation, members: await this.repository.members(organisationId), roles: this.staffRoles(organisation) };
  }

  /** Changes a member's role (and whether they are an admin); takes effect on their next request. */
  changeRole(principal: Principal, organisationId: string, userId: string, from: Role, to: Role, admin: boolean): Promise<void> {
    this.accounts.assertAdminOf(principal, organisationId);
    return this.tx.run(async () => {
      const organisation = await this.repository.organisation(organisationId);
      if (!organisation) throw DomainError.notFound('That organisation');
      if (!this.staffRoles(organisation).includes(to))
        throw DomainError.validation([{ field: 'role', message: 'is not a role in this organisation' }]);
      if (userId === principal.userId && !admin && !principal.isPlatformAdmin)
        throw DomainError.validation([{ field: 'admin', message: 'you cannot stop being an admin yourself; ask another admin' }]);
      if (from !== to && !(await this.repository.setRole(organisationId, userId, from, to))) throw DomainError.notFound('That member');
      await this.repository.setAdmin(organisationId, userId, admin);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'account.role_changed',
        subject: { type: 'user', id: userId },
        change: { organisationId, role: { from, to }, admin },
      });
    });
  }

  /** Ends a person's access through this organisation at once (their next request no longer carries it). */
  deactivate(principal: Principal, organisationId: string, userId: string): Promise<void> {
    this.accounts.assertAdminOf(principal, organisationId);
    if (userId === principal.userId)
      throw DomainError.validation([{ field: 'userId', message: 'you cannot deactivate yourself; ask another admin' }]);
    return this.tx.run(async () => {
      if (!(await this.repository.deactivate(organisationId, userId, this.clock.now()))) throw DomainError.notFound('That member');
      await this.audit.record({
        actor: principal.auditActor,
        action: 'account.deactivated',
        subject: { type: 'user', id: userId },
        change: { organisationId },
      });
    });
  }

  sessions(principal: Principal): Promise<SessionRow[]> {
    return this.repository.sessions(principal.userId);
  }

  /** Signs the person out of one of their own sessions (on another device, say). */
  endSession(principal: Principal, sessionId: string): Promise<boolean> {
    return this.tx.run(async () => {
      const ended = (await this.repository.endSession(principal.userId, sessionId)) > 0;
      if (ended)
        await this.audit.record({
          actor: principal.auditActor,
          action: 'account.session_ended',
          subject: { type: 'user', id: principal.userId },
        });
      return ended;
    });
  }

  /**
   * `npm run admin:create`: the first administrator of an install (or another one). Makes the platform
   * organisation if there is none, the account if there is none, and returns a one-time set-up link.
   */
  createPlatformAdmin(email: string, displayName = 'Administrator'): Promise<{ link: string; expiresAt: Date }> {
    return this.tx.run(async () => {
      const problems = this.accounts.checkPerson(email, displayName, null);
      if (problems.length) throw DomainError.validation(problems);
      const platform =
        (await this.repository.allOrganisations()).find((o) => o.kind === OrganisationKind.Platform) ??
        (await this.repository.insertOrganisation({
          name: 'Kinwell',
          kind: OrganisationKind.Platform,
          commissionerId: null,
          approvedAt: this.clock.now(),
        }));
      const userId =
        (await this.repository.userByEmail(email))?.id ??
        (await this.accounts.makeUser(email, { displayName, password: null }, 'en', false));
      await this.repository.upsertMembership({ userId, organisationId: platform.id, role: Role.PlatformAdmin, admin: true });
      await this.tokens.retire(TokenPurpose.AdminSetUp, { userId });
      const { token, expiresAt } = await this.tokens.issue(TokenPurpose.AdminSetUp, { userId }, SET_UP_HOURS * 3_600_000);
      await this.audit.record({
        actor: { userId: null, label: 'admin:create' },
        action: 'account.admin_created',
        subject: { type: 'user', id: userId },
      });
      return { link: this.accounts.link(`/account/set-up/${token}`), expiresAt };
    });
  }

  checkSetUpLink(token: string) {
    return this.tokens.inspect(TokenPurpose.AdminSetUp, token).then((t) => ('kind' in t ? t : null));
  }

  /** The administrator chooses their password from the printed link (two-step set-up follows at sign-in). */
  completeSetUp(token: string, password: string) {
    return this.tx.run(async () => {
      const seen = await this.tokens.inspect(TokenPurpose.AdminSetUp, token);
      if ('kind' in seen) return seen;
      const user = (await this.repository.userById(seen.userId!))!;
      const problems = this.accounts.checkPerson(user.email, user.displayName, password);
      if (problems.length) throw DomainError.validation(problems);
      const used = await this.tokens.consume(TokenPurpose.AdminSetUp, token);
      if ('kind' in used) return used;
      await this.accounts.setPassword(user.id, password);
      await this.audit.record({
        actor: { userId: user.id, label: user.email },
        action: 'account.set_up',
        subject: { type: 'user', id: user.id },
      });
      return { userId: user.id };
    });
  }

  private staffRoles(organisation: Organisation): Role[] {
    return ROLES_BY_ORGANISATION_KIND[organisation.kind].filter((r) => r !== Role.Holder && r !== Role.CarerAdvocate);
  }
}
