import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Invitation, InvitationKind, Membership, Organisation, User } from '../identity.entities';
import { Role } from '../roles';

export interface MemberRow {
  userId: string;
  displayName: string;
  email: string;
  role: Role;
  admin: boolean;
  secondFactor: boolean;
  joinedAt: Date;
}

export interface SessionRow {
  id: string;
  signedInAt: Date | null;
  device: string | null;
  expiresAt: Date;
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  organisation(id: string): Promise<Organisation | null> {
    return /^[0-9a-f-]{36}$/i.test(id) ? this.m.findOne(Organisation, { where: { id } }) : Promise.resolve(null);
  }

  organisations(ids: string[]): Promise<Organisation[]> {
    return ids.length ? this.m.createQueryBuilder(Organisation, 'o').where('o.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
  }

  lockOrganisation(id: string): Promise<Organisation | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return this.m.createQueryBuilder(Organisation, 'o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  async insertOrganisation(values: Partial<Organisation>): Promise<Organisation> {
    return this.m.save(Organisation, this.m.create(Organisation, values));
  }

  async decideOrganisation(id: string, approvedAt: Date | null, rejectionReason: string | null): Promise<void> {
    await this.m.update(Organisation, { id }, { approvedAt, rejectionReason });
  }

  pendingRegistrations(areas: string[] | null): Promise<Organisation[]> {
    const q = this.m
      .createQueryBuilder(Organisation, 'o')
      .where('o.kind = :kind', { kind: 'provider' })
      .andWhere('o.approvedAt IS NULL AND o.rejectionReason IS NULL')
      .orderBy('o.createdAt', 'ASC');
    if (areas) q.andWhere('o.commissionerId IN (:...areas)', { areas: areas.length ? areas : ['00000000-0000-0000-0000-000000000000'] });
    return q.getMany();
  }

  areas(): Promise<Organisation[]> {
    return this.m.find(Organisation, { where: { kind: 'commissioner' as Organisation['kind'] }, order: { name: 'ASC' } });
  }

  allOrganisations(): Promise<Organisation[]> {
    return this.m.find(Organisation, { order: { kind: 'ASC', name: 'ASC' } });
  }

  userByEmail(email: string): Promise<User | null> {
    return this.m.findOne(User, { where: { email: email.trim() } });
  }

  userById(id: string): Promise<User | null> {
    return this.m.findOne(User, { where: { id } });
  }

  /** The new user's id, or null when the email was taken a moment ago (the unique index decides). */
  async insertUser(values: Partial<User>): Promise<string | null> {
    const result = await this.m.createQueryBuilder().insert().into(User).values(values).orIgnore().returning(['id']).execute();
    return (result.raw as Array<{ id: string }>)[0]?.id ?? null;
  }

  async setPassword(userId: string, passwordHash: string, verifiedAt: Date): Promise<void> {
    // A reset link came to the inbox, so the address is proven too.
    await this.m.query(
      `UPDATE app_user SET password_hash = $2, email_verified_at = coalesce(email_verified_at, $3), credentials_changed_at = $3 WHERE id = $1`,
      [userId, passwordHash, verifiedAt],
    );
  }

  async setLanguage(userId: string, language: string): Promise<void> {
    await this.m.query(`UPDATE app_user SET language = $2 WHERE id = $1`, [userId, language]);
  }

  async markVerified(userId: string, at: Date): Promise<void> {
    await this.m.query(`UPDATE app_user SET email_verified_at = coalesce(email_verified_at, $2) WHERE id = $1`, [userId, at]);
  }

  async activeMemberByEmail(organisationId: string, email: string): Promise<boolean> {
    const rows = await this.m.query(
      `SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = $1 AND u.email = $2 AND m.deactivated_at IS NULL AND u.disabled_at IS NULL LIMIT 1`,
      [organisationId, email.trim()],
    );
    return rows.length > 0;
  }

  async insertMembership(values: { userId: string; organisationId: string; role: Role; admin: boolean }): Promise<void> {
    await this.m.insert(Membership, { ...values, livedExperience: false, deactivatedAt: null });
  }

  /** Joins (or rejoins after a deactivation) with the invited role. */
  async upsertMembership(values: { userId: string; organisationId: string; role: Role; admin: boolean }): Promise<void> {
    await this.m.query(
      `INSERT INTO membership (user_id, organisation_id, role, admin) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT uq_membership_user_organisation_role DO UPDATE SET deactivated_at = NULL, admin = membership.admin OR $4`,
      [values.userId, values.organisationId, values.role, values.admin],
    );
  }

  adminsOf(organisationId: string): Promise<Array<{ email: string; displayName: string; language: string }>> {
    return this.m.query(
      `SELECT u.email, u.display_name AS "displayName", u.language FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = $1 AND m.admin AND m.deactivated_at IS NULL AND u.disabled_at IS NULL`,
      [organisationId],
    );
  }

  async members(organisationId: string): Promise<MemberRow[]> {
    const rows: Array<MemberRow & { joinedAt: Date }> = await this.m.query(
      `SELECT u.id AS "userId", u.display_name AS "displayName", u.email, m.role, m.admin,
              u.totp_enabled_at IS NOT NULL AS "secondFactor", m.created_at AS "joinedAt"
         FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.organisation_id = $1 AND m.deactivated_at IS NULL AND u.disabled_at IS NULL
          AND m.role NOT IN ('holder', 'carer_advocate')
        ORDER BY u.display_name, m.role`,
      [organisationId],
    );
    return rows;
  }

  async setRole(organisationId: string, userId: string, from: Role, to: Role): Promise<number> {
    const [, count] = await this.m.query<[unknown, number]>(
      `UPDATE membership SET role = $4 WHERE organisation_id = $1 AND user_id = $2 AND role = $3 AND deactivated_at IS NULL`,
      [organisationId, userId, from, to],
    );
    return count;
  }

  async setAdmin(organisationId: string, userId: string, admin: boolean): Promise<void> {
    await this.m.query(`UPDATE membership SET admin = $3 WHERE organisation_id = $1 AND user_id = $2 AND deactivated_at IS NULL`, [
      organisationId,
      userId,
      admin,
    ]);
  }

  async deactivate(organisationId: string, userId: string, at: Date): Promise<number> {
    const [, count] = await this.m.query<[unknown, number]>(
      `UPDATE membership SET deactivated_at = $3 WHERE organisation_id = $1 AND user_id = $2 AND deactivated_at IS NULL`,
      [organisationId, userId, at],
    );
    return count;
  }

  async insertInvitation(values: Partial<Invitation>): Promise<Invitation> {
    return this.m.save(Invitation, this.m.create(Invitation, values));
  }

  invitation(id: string): Promise<Invitation | null> {
    return this.m.findOne(Invitation, { where: { id } });
  }

  lockInvitation(id: string): Promise<Invitation | null> {
    return this.m.createQueryBuilder(Invitation, 'i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
  }

  openInvitations(organisationId: string, kinds: InvitationKind[]): Promise<Invitation[]> {
    return this.m
      .createQueryBuilder(Invitation, 'i')
      .where('i.organisationId = :organisationId', { organisationId })
      .andWhere('i.kind IN (:...kinds)', { kinds })
      .andWhere('i.acceptedAt IS NULL AND i.withdrawnAt IS NULL')
      .orderBy('i.createdAt', 'DESC')
      .take(200)
      .getMany();
  }

  /** A new invitation to the same place replaces any still open. */
  async withdrawOpenInvitations(
    target: { kind: InvitationKind; email: string; organisationId: string; holderId?: string | null },
    at: Date,
  ): Promise<void> {
    await this.m.query(
      `UPDATE invitation SET withdrawn_at = $5 WHERE kind = $1 AND email = $2 AND organisation_id = $3
          AND holder_id IS NOT DISTINCT FROM $4 AND accepted_at IS NULL AND withdrawn_at IS NULL`,
      [target.kind, target.email.trim(), target.organisationId, target.holderId ?? null, at],
    );
  }

  async extendInvitation(id: string, expiresAt: Date): Promise<void> {
    await this.m.update(Invitation, { id }, { expiresAt });
  }

  async withdrawInvitation(id: string, at: Date): Promise<void> {
    await this.m.update(Invitation, { id }, { withdrawnAt: at });
  }

  async acceptInvitation(id: string, userId: string, at: Date): Promise<void> {
    await this.m.update(Invitation, { id }, { acceptedAt: at, acceptedBy: userId });
  }

  /** The person's signed-in web sessions (the store keeps who is signed in inside the session's JSON). */
  sessions(userId: string): Promise<SessionRow[]> {
    return this.m.query(
      `SELECT sid AS id, (sess->>'signedInAt')::timestamptz AS "signedInAt", sess->>'device' AS device, expire AS "expiresAt"
         FROM web_session WHERE sess->>'userId' = $1 AND expire > now() ORDER BY sess->>'signedInAt' DESC`,
      [userId],
    );
  }

  async endSession(userId: string, sessionId: string): Promise<number> {
    const [, count] = await this.m.query<[unknown, number]>(`DELETE FROM web_session WHERE sid = $1 AND sess->>'userId' = $2`, [
      sessionId,
      userId,
    ]);
    return count;
  }

  async endAllSessions(userId: string): Promise<void> {
    await this.m.query(`DELETE FROM web_session WHERE sess->>'userId' = $1`, [userId]);
  }
}
