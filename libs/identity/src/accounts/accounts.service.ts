import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, FieldProblem, isEmailAddress } from '@kinwell/kernel';
import { MailQueue } from '@kinwell/mail';
import { Invitation, InvitationKind, Organisation, TokenPurpose, User } from '../identity.entities';
import { PasswordHasher } from '../password-hasher';
import { Principal } from '../principal';
import { OrganisationKind, Role, ROLES_BY_ORGANISATION_KIND } from '../roles';
import { AccountFailure, accountFailure } from './account.errors';
import { accountEmail, invitationPurpose } from './account-emails';
import { AccountTokens } from './account-tokens';
import { AccountsRepository } from './accounts.repository';
import { InvitationLinks } from './invitation-links';
import { MAX_PASSWORD_LENGTH, PASSWORD_MESSAGES, passwordProblem } from './password-policy';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const INVITATION_DAYS = 7;

export interface NewInvitation {
  kind: InvitationKind;
  email: string;
  displayName: string;
  organisationId: string;
  role?: Role | null;
  admin?: boolean;
  holderId?: string | null;
  relationship?: string | null;
  language?: string;
}

/** What a person joining needs to say: their name, and a password unless they sign in by emailed link. */
export interface Joining {
  displayName: string;
  password: string | null;
}

export interface InvitationView {
  invitation: Invitation;
  organisationName: string;
  /** An account already uses the invited email: the person signs in to accept rather than making one. */
  accountExists: boolean;
}

/** Invitations, joining, and the account's own links: verify an email, reset a password, sign in by email. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly tokens: AccountTokens,
    private readonly links: InvitationLinks,
    private readonly mail: MailQueue,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  // ---- invitations ----

  /** An organisation admin invites a colleague with a role (platform admins may invite anywhere). */
  inviteStaff(
    principal: Principal,
    input: Omit<NewInvitation, 'kind' | 'holderId' | 'relationship'>,
  ): Promise<Invitation | AccountFailure> {
    this.assertAdminOf(principal, input.organisationId);
    return this.tx.run(async () => {
      const organisation = await this.repository.organisation(input.organisationId);
      if (!organisation) throw DomainError.notFound('That organisation');
      const allowed: Role[] = ROLES_BY_ORGANISATION_KIND[organisation.kind].filter((r) => r !== Role.Holder && r !== Role.CarerAdvocate);
      if (!input.role || !allowed.includes(input.role))
        throw DomainError.validation([{ field: 'role', message: `must be one of ${allowed.join(', ')} in this organisation` }]);
      if (await this.repository.activeMemberByEmail(input.organisationId, input.email)) return accountFailure('already_member');
      return this.createInvitation(principal, { ...input, kind: InvitationKind.Staff });
    });
  }

  /**
   * The one way an invitation is made (a holder's or representative's after plans has checked the broker's
   * access): validated, any earlier open invitation to the same place withdrawn, the link emailed.
   */
  async createInvitation(principal: Principal, input: NewInvitation): Promise<Invitation> {
    const email = input.email.trim();
    const displayName = input.displayName.trim();
    const problems: FieldProblem[] = [];
    if (!isEmailAddress(email) || email.length > 320)
      problems.push({ field: 'email', message: 'must be an email address, like name@example.com' });
    if (!displayName) problems.push({ field: 'displayName', message: 'enter their name' });
    if (displayName.length > 200) problems.push({ field: 'displayName', message: 'must be at most 200 characters' });
    if (problems.length) throw DomainError.validation(problems);
    const language = input.language && ['en', 'ur'].includes(input.language) ? input.language : 'en';
    await this.repository.withdrawOpenInvitations(input, this.clock.now());
    const invitation = await this.repository.insertInvitation({
      kind: input.kind,
      email,
      displayName,
      organisationId: input.organisationId,
      role: input.role ?? null,
      admin: input.admin ?? false,
      holderId: input.holderId ?? null,
      relationship: input.relationship ?? null,
      language,
      invitedBy: principal.userId,
      expiresAt: new Date(this.clock.now().getTime() + INVITATION_DAYS * DAY),
    });
    await this.sendInvitation(principal, invitation);
    await this.audit.record({
      actor: principal.auditActor,
      action: 'account.invited',
      subject: { type: 'invitation', id: invitation.id },
      change: { kind: invitation.kind, organisationId: invitation.organisationId, role: invitation.role, holderId: invitation.holderId },
    });
    return invitation;
  }

  /** Sends a fresh link (the old one stops working) and gives the invitation another 7 days. */
  resendInvitation(principal: Principal, invitationId: string): Promise<Invitation | AccountFailure> {
    return this.tx.run(async () => {
      const open = await this.manageable(principal, invitationId);
      if (!('email' in open)) return open;
      if (open.acceptedAt) return accountFailure('link_used');
      if (open.withdrawnAt) return accountFailure('invitation_withdrawn');
      open.expiresAt = new Date(this.clock.now().getTime() + INVITATION_DAYS * DAY);
      await this.repository.extendInvitation(open.id, open.expiresAt);
      await this.sendInvitation(principal, open);
      await this.audit.record({
        actor: principal.auditActor,
        action: 'account.invitation_resent',
        subject: { type: 'invitation', id: open.id },
      });
      return open;
    });
  }

  withdrawInvitation(principal: Principal, invitationId: string): Promise<Invitation | AccountFailure> {
    return this.tx.run(async () => {
      const found = await this.manageable(principal, invitationId);
      if (!('email' in found)) return found;
      if (found.acceptedAt) return accountFailure('link_used');
      if (!found.withdrawnAt) {
        found.withdrawnAt = this.clock.now();
        await this.repository.withdrawInvitation(found.id, found.withdrawnAt);
        // Its link stays, so whoever opens it is told it was withdrawn (the invitation's state refuses it).
        await this.audit.record({
          actor: principal.auditActor,
          action: 'account.invitation_withdrawn',
          subject: { type: 'invitation', id: found.id },
        });
      }
      return found;
    });
  }

  /** Invitations an organisation has out: for its admins, and for its broker staff (holders and representatives). */
  /** The language Kinwell writes to this person in: emails, texts and messages. */
  async setLanguage(principal: Principal, language: string): Promise<void> {
    if (!['en', 'ur'].includes(language)) throw DomainError.validation([{ field: 'language', message: 'choose English or Urdu' }]);
    await this.repository.setLanguage(principal.userId, language);
  }

  async openInvitations(principal: Principal, organisationId: string): Promise<Invitation[]> {
    const admin = this.isAdminOf(principal, organisationId);
    const broker = principal.isMemberOf(organisationId, Role.BrokerStaff);
    if (!admin && !broker) throw DomainError.forbidden('You do not have access to this organisation');
    const kinds = [...(admin ? [InvitationKind.Staff] : []), ...(broker ? [InvitationKind.Holder, InvitationKind.Representative] : [])];
    return this.repository.openInvitations(organisationId, kinds);
  }

  /** The invitation page before anything is used: who it is from, and whether to make an account or sign in. */
  async viewInvitation(token: string): Promise<InvitationView | AccountFailure> {
    const found = await this.tokens.inspect(TokenPurpose.Invitation, token);
    if ('kind' in found) return found;
    const invitation = await this.repository.invitation(found.invitationId!);
    if (!invitation) return accountFailure('link_not_found');
    if (invitation.withdrawnAt) return accountFailure('invitation_withdrawn');
    if (invitation.acceptedAt) return accountFailure('link_used');
    if (invitation.expiresAt <= this.clock.now()) return accountFailure('link_expired');
    const organisation = await this.repository.organisation(invitation.organisationId);
    return {
      invitation,
      organisationName: organisation?.name ?? '',
      accountExists: !!(await this.repository.userByEmail(invitation.email)),
    };
  }

  /**
   * Accepts an invitation: makes the account (the link proves the email) or, for someone who already has one,
   * joins it while they are signed in to it; then links what the invitation is for. One transaction: a refusal
   * anywhere leaves the link unused and nothing made.
   */
  acceptInvitation(
    token: string,
    joining: Joining | null,
    signedIn: Principal | null,
  ): Promise<{ userId: string; invitation: Invitation } | AccountFailure> {
    return this.tx
      .run(async () => {
        const used = await this.tokens.consume(TokenPurpose.Invitation, token);
        if ('kind' in used) return used;
        // From here every refusal is thrown: the link's use rolls back with everything else.
        const invitation = await this.repository.lockInvitation(used.invitationId!);
        if (!invitation) throw new Refused(accountFailure('link_not_found'));
        if (invitation.withdrawnAt) throw new Refused(accountFailure('invitation_withdrawn'));
        if (invitation.acceptedAt) throw new Refused(accountFailure('link_used'));
        if (invitation.expiresAt <= this.clock.now()) throw new Refused(accountFailure('link_expired'));
        const existing = await this.repository.userByEmail(invitation.email);
        let userId: string;
        if (existing) {
          if (!signedIn) throw new Refused(accountFailure('sign_in_to_accept'));
          if (signedIn.userId !== existing.id) throw new Refused(accountFailure('wrong_account'));
          userId = existing.id;
        } else {
          if (signedIn) throw new Refused(accountFailure('wrong_account'));
          if (!joining) throw DomainError.validation([{ field: 'displayName', message: 'enter your name' }]);
          userId = await this.makeUser(invitation.email, joining, invitation.language, true);
        }
        const failure =
          invitation.kind === InvitationKind.Staff ? await this.join(invitation, userId) : await this.links.link(invitation, userId);
        if (failure) throw new Refused(failure);
        await this.repository.acceptInvitation(invitation.id, userId, this.clock.now());
        await this.audit.record({
          actor: { userId, label: invitation.email },
          action: 'account.joined',
          subject: { type: 'invitation', id: invitation.id },
          change: {
            kind: invitation.kind,
            organisationId: invitation.organisationId,
            role: invitation.role,
            holderId: invitation.holderId,
          },
        });
        return { userId, invitation };
      })
      .catch((error: unknown) => {
        // A refusal rolls everything back (the link stays unused) and is answered as a value.
        if (error instanceof Refused) return error.failure;
        throw error;
      });
  }

  // ---- registration ----

  /**
   * A provider registers itself: the organisation (waiting for a moderator in its area) and its first user,
   * who becomes its admin. An email that already has an account gets the same answer here, and an email
   * telling its owner, so the form never reveals who has an account.
   */
  registerProvider(input: {
    organisationName: string;
    areaId: string;
    contactPhone: string | null;
    displayName: string;
    email: string;
    password: string;
    language: string;
  }): Promise<void> {
    return this.tx.run(async () => {
      const problems = this.checkPerson(input.email, input.displayName, input.password);
      const name = input.organisationName.trim();
      if (!name) problems.push({ field: 'organisationName', message: 'enter the name of your organisation' });
      if (name.length > 200) problems.push({ field: 'organisationName', message: 'must be at most 200 characters' });
      const area = await this.repository.organisation(input.areaId);
      if (!area || area.kind !== OrganisationKind.Commissioner) problems.push({ field: 'areaId', message: 'choose the area you work in' });
      if (problems.length) throw DomainError.validation(problems);
      const email = input.email.trim();
      const existing = await this.repository.userByEmail(email);
      if (existing) {
        await this.mail.queue(
          accountEmail('already_registered', existing.language, email, { name: existing.displayName, link: this.link('/sign-in') }),
        );
        return;
      }
      const organisation = await this.repository.insertOrganisation({
        name,
        kind: OrganisationKind.Provider,
        commissionerId: area!.id,
        contactPhone: input.contactPhone?.trim() || null,
        contactEmail: email,
        approvedAt: null,
      });
      const userId = await this.makeUser(email, { displayName: input.displayName, password: input.password }, input.language, false);
      await this.repository.insertMembership({ userId, organisationId: organisation.id, role: Role.ProviderStaff, admin: true });
      const { token, expiresAt } = await this.tokens.issue(TokenPurpose.VerifyEmail, { userId }, INVITATION_DAYS * DAY);
      await this.mail.queue(
        accountEmail(
          'registration_received',
          input.language,
          email,
          { name: input.displayName.trim(), organisation: name, link: this.link(`/account/verify/${token}`) },
          expiresAt,
        ),
      );
      await this.audit.record({
        actor: { userId, label: email },
        action: 'organisation.registered',
        subject: { type: 'organisation', id: organisation.id },
        change: { areaId: area!.id },
      });
    });
  }

  /**
   * An account made while asking for a budget (inside the asking transaction). An email that already has one gets
   * a note to its owner instead, and the request goes in without an account, so the form reveals nothing.
   */
  async accountWhileAsking(email: string, displayName: string, password: string, language: string): Promise<string | null> {
    const problems = this.checkPerson(email, displayName, password);
    if (problems.length) throw DomainError.validation(problems);
    const existing = await this.repository.userByEmail(email);
    if (existing) {
      await this.mail.queue(
        accountEmail('already_registered', existing.language, existing.email, { name: existing.displayName, link: this.link('/sign-in') }),
      );
      return null;
    }
    const userId = await this.makeUser(email, { displayName, password }, language, false);
    await this.sendVerification(userId);
    return userId;
  }

  /** Providers waiting for a moderator, in the areas the principal moderates. */
  async pendingRegistrations(principal: Principal): Promise<Organisation[]> {
    return this.repository.pendingRegistrations(await this.moderatedAreas(principal));
  }

  decideRegistration(
    principal: Principal,
    organisationId: string,
    approve: boolean,
    reason: string | null,
  ): Promise<Organisation | AccountFailure> {
    const why = reason?.trim() ?? '';
    if (!approve && why.length < 3)
      throw DomainError.validation([{ field: 'reason', message: 'say why, in words the provider can act on' }]);
    if (why.length > 2000) throw DomainError.validation([{ field: 'reason', message: 'must be at most 2000 characters' }]);
    return this.tx.run(async () => {
      const areas = await this.moderatedAreas(principal);
      const organisation = await this.repository.lockOrganisation(organisationId);
      if (!organisation || organisation.kind !== OrganisationKind.Provider) throw DomainError.notFound('That registration');
      if (areas && !areas.includes(organisation.commissionerId ?? ''))
        throw DomainError.forbidden('That provider is outside the areas you moderate');
      if (organisation.approvedAt || organisation.rejectionReason) return accountFailure('not_pending');
      if (approve) organisation.approvedAt = this.clock.now();
      else organisation.rejectionReason = why;
      await this.repository.decideOrganisation(organisation.id, organisation.approvedAt, organisation.rejectionReason);
      for (const admin of await this.repository.adminsOf(organisation.id)) {
        await this.mail.queue(
          accountEmail(approve ? 'registration_approved' : 'registration_rejected', admin.language, admin.email, {
            name: admin.displayName,
            organisation: organisation.name,
            link: this.link('/sign-in'),
            reason: why,
          }),
        );
      }
      await this.audit.record({
        actor: principal.auditActor,
        action: approve ? 'organisation.approved' : 'organisation.rejected',
        subject: { type: 'organisation', id: organisation.id },
        reason: why || null,
      });
      return organisation;
    });
  }

  // ---- the account's own links ----

  /** Always the same answer, whether or not the email has an account; at most 3 reset emails an hour. */
  requestPasswordReset(emailInput: string): Promise<void> {
    return this.tx.run(async () => {
      const user = isEmailAddress(emailInput.trim()) ? await this.repository.userByEmail(emailInput.trim()) : null;
      if (!user || user.disabledAt) return;
      if ((await this.tokens.recentlyIssued(TokenPurpose.ResetPassword, user.id, HOUR)) >= 3) return;
      const { token } = await this.tokens.issue(TokenPurpose.ResetPassword, { userId: user.id }, HOUR);
      await this.mail.queue(
        accountEmail('reset_password', user.language, user.email, { name: user.displayName, link: this.link(`/account/reset/${token}`) }),
      );
    });
  }

  checkResetLink(token: string): Promise<AccountFailure | null> {
    return this.tokens.inspect(TokenPurpose.ResetPassword, token).then((t) => ('kind' in t ? t : null));
  }

  /** A new password from a reset link; every other reset link and every signed-in session of theirs ends. */
  resetPassword(token: string, password: string): Promise<{ userId: string } | AccountFailure> {
    return this.tx.run(async () => {
      const seen = await this.tokens.inspect(TokenPurpose.ResetPassword, token);
      if ('kind' in seen) return seen;
      const user = (await this.repository.userById(seen.userId!))!;
      const problem = passwordProblem(password, user.email);
      if (problem) throw DomainError.validation([{ field: 'password', message: PASSWORD_MESSAGES[problem] }]);
      const used = await this.tokens.consume(TokenPurpose.ResetPassword, token);
      if ('kind' in used) return used;
      await this.tokens.retire(TokenPurpose.ResetPassword, { userId: user.id });
      await this.setPassword(user.id, password);
      await this.audit.record({
        actor: { userId: user.id, label: user.email },
        action: 'account.password_reset',
        subject: { type: 'user', id: user.id },
      });
      return { userId: user.id };
    });
  }

  sendVerification(userId: string): Promise<void> {
    return this.tx.run(async () => {
      const user = await this.repository.userById(userId);
      if (!user || user.emailVerifiedAt) return;
      if ((await this.tokens.recentlyIssued(TokenPurpose.VerifyEmail, user.id, HOUR)) >= 3) return;
      const { token, expiresAt } = await this.tokens.issue(TokenPurpose.VerifyEmail, { userId }, INVITATION_DAYS * DAY);
      await this.mail.queue(
        accountEmail(
          'verify_email',
          user.language,
          user.email,
          { name: user.displayName, link: this.link(`/account/verify/${token}`) },
          expiresAt,
        ),
      );
    });
  }

  verifyEmail(token: string): Promise<{ userId: string } | AccountFailure> {
    return this.tx.run(async () => {
      const used = await this.tokens.consume(TokenPurpose.VerifyEmail, token);
      if ('kind' in used) return used;
      await this.repository.markVerified(used.userId!, this.clock.now());
      await this.audit.record({
        actor: { userId: used.userId, label: 'email link' },
        action: 'account.email_verified',
        subject: { type: 'user', id: used.userId! },
      });
      return { userId: used.userId! };
    });
  }

  /** "Email me a link to sign in": the same answer for every email; at most 5 links an hour. */
  requestSignInLink(emailInput: string): Promise<void> {
    return this.tx.run(() => this.sendSignInLink(emailInput));
  }

  /** Inside the caller's transaction: sign-in's challenge sends one too. */
  async sendSignInLink(emailInput: string): Promise<void> {
    const user = isEmailAddress(emailInput.trim()) ? await this.repository.userByEmail(emailInput.trim()) : null;
    if (!user || user.disabledAt) return;
    if ((await this.tokens.recentlyIssued(TokenPurpose.SignInLink, user.id, HOUR)) >= 5) return;
    const { token } = await this.tokens.issue(TokenPurpose.SignInLink, { userId: user.id }, 15 * 60_000);
    await this.mail.queue(
      accountEmail('sign_in_link', user.language, user.email, { name: user.displayName, link: this.link(`/sign-in/link/${token}`) }),
    );
  }

  /** Signing in by emailed link proves the email too. */
  useSignInLink(token: string): Promise<{ userId: string } | AccountFailure> {
    return this.tx.run(async () => {
      const used = await this.tokens.consume(TokenPurpose.SignInLink, token);
      if ('kind' in used) return used;
      const user = await this.repository.userById(used.userId!);
      if (!user || user.disabledAt) return accountFailure('link_not_found');
      if (!user.emailVerifiedAt) await this.repository.markVerified(user.id, this.clock.now());
      return { userId: user.id };
    });
  }

  // ---- shared ----

  /** Field problems of a new person's email, name and password (the password against NCSC's advice). */
  checkPerson(emailInput: string, displayName: string, password: string | null): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const email = emailInput.trim();
    if (!isEmailAddress(email) || email.length > 320)
      problems.push({ field: 'email', message: 'must be an email address, like name@example.com' });
    if (!displayName.trim()) problems.push({ field: 'displayName', message: 'enter your name' });
    if (displayName.length > 200) problems.push({ field: 'displayName', message: 'must be at most 200 characters' });
    if (password !== null) {
      const problem = passwordProblem(password.slice(0, MAX_PASSWORD_LENGTH + 1), email);
      if (problem) problems.push({ field: 'password', message: PASSWORD_MESSAGES[problem] });
    }
    return problems;
  }

  /** Makes an account (inside the caller's transaction); a password of null means they sign in by emailed link. */
  async makeUser(email: string, joining: Joining, language: string, verified: boolean): Promise<string> {
    const problems = this.checkPerson(email, joining.displayName, joining.password);
    if (problems.length) throw DomainError.validation(problems);
    const user: Partial<User> = {
      email: email.trim(),
      displayName: joining.displayName.trim(),
      passwordHash: joining.password === null ? null : await this.hasher.hash(joining.password),
      language: ['en', 'ur'].includes(language) ? language : 'en',
      emailVerifiedAt: verified ? this.clock.now() : null,
      disabledAt: null,
    };
    // The unique email index is the last word on a race between two sign-ups with one address.
    const inserted = await this.repository.insertUser(user);
    if (!inserted)
      throw DomainError.validation([{ field: 'email', message: 'an account with this email was made a moment ago; sign in instead' }]);
    return inserted;
  }

  /** A new password (policy already checked): every signed-in session of theirs ends with the old one. */
  async setPassword(userId: string, password: string): Promise<void> {
    await this.repository.setPassword(userId, await this.hasher.hash(password), this.clock.now());
    await this.repository.endAllSessions(userId);
  }

  link(path: string): string {
    return `${this.config.http.publicUrl}${path}`;
  }

  isAdminOf(principal: Principal, organisationId: string): boolean {
    return principal.isPlatformAdmin || principal.memberships.some((m) => m.organisationId === organisationId && m.admin);
  }

  assertAdminOf(principal: Principal, organisationId: string): void {
    if (!this.isAdminOf(principal, organisationId)) throw DomainError.forbidden('Only this organisation’s admins can do that');
  }

  /** Commissioning areas the principal moderates (brokers and commissioners in them); null means every area. */
  async moderatedAreas(principal: Principal): Promise<string[] | null> {
    if (principal.isPlatformAdmin) return null;
    const orgIds = principal.organisationsWith(Role.BrokerStaff, Role.Commissioner);
    if (!orgIds.length) throw DomainError.forbidden('Only brokers and commissioners moderate the directory');
    const organisations = await this.repository.organisations(orgIds);
    return [...new Set(organisations.map((o) => o.commissionerId ?? o.id))];
  }

  private async join(invitation: Invitation, userId: string): Promise<AccountFailure | null> {
    await this.repository.upsertMembership({
      userId,
      organisationId: invitation.organisationId,
      role: invitation.role!,
      admin: invitation.admin,
    });
    return null;
  }

  private async manageable(principal: Principal, invitationId: string): Promise<Invitation | AccountFailure> {
    const invitation = /^[0-9a-f-]{36}$/i.test(invitationId) ? await this.repository.lockInvitation(invitationId) : null;
    if (!invitation) throw DomainError.notFound('That invitation');
    const allowed =
      invitation.kind === InvitationKind.Staff
        ? this.isAdminOf(principal, invitation.organisationId)
        : principal.isMemberOf(invitation.organisationId, Role.BrokerStaff) || invitation.invitedBy === principal.userId;
    if (!allowed) throw DomainError.forbidden('You cannot change that invitation');
    return invitation;
  }

  private async sendInvitation(principal: Principal, invitation: Invitation): Promise<void> {
    await this.tokens.retire(TokenPurpose.Invitation, { invitationId: invitation.id });
    const { token } = await this.tokens.issue(TokenPurpose.Invitation, { invitationId: invitation.id }, INVITATION_DAYS * DAY);
    const organisation = await this.repository.organisation(invitation.organisationId);
    const holder = await this.links.holderName(invitation);
    const purpose = invitationPurpose(invitation.kind, invitation.language, {
      organisation: organisation?.name ?? '',
      holder: holder ?? '',
    });
    await this.mail.queue(
      accountEmail(
        'invitation',
        invitation.language,
        invitation.email,
        {
          name: invitation.displayName,
          inviter: `${principal.displayName} (${organisation?.name ?? 'Kinwell'})`,
          purpose,
          link: this.link(`/account/invitation/${token}`),
        },
        invitation.expiresAt,
      ),
    );
  }
}

/** Carries a linker's refusal out of the transaction so it rolls back. */
class Refused extends Error {
  constructor(readonly failure: AccountFailure) {
    super(failure.message);
  }
}
