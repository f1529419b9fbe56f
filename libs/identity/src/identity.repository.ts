import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TransactionHost } from '@kinwell/database';
import { Membership, Organisation, SignInAttempt, User } from './identity.entities';
import { PrincipalMembership } from './principal';

export interface UserWithHash {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  disabledAt: Date | null;
  totpEnabledAt: Date | null;
}

@Injectable()
export class IdentityRepository {
  constructor(private readonly tx: TransactionHost) {}

  findUserForSignIn(email: string): Promise<UserWithHash | null> {
    return this.tx.manager
      .createQueryBuilder(User, 'u')
      .select(['u.id', 'u.email', 'u.displayName', 'u.disabledAt', 'u.totpEnabledAt'])
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
  }

  findActiveUser(id: string): Promise<User | null> {
    return this.tx.manager.findOne(User, { where: { id } }).then((u) => (u && !u.disabledAt ? u : null));
  }

  async membershipsOf(userId: string): Promise<PrincipalMembership[]> {
    const rows: Array<{
      organisation_id: string;
      kind: PrincipalMembership['organisationKind'];
      role: PrincipalMembership['role'];
      lived_experience: boolean;
      admin: boolean;
    }> = await this.tx.manager.query(
      `SELECT m.organisation_id, o.kind, m.role, m.lived_experience, m.admin
           FROM membership m JOIN organisation o ON o.id = m.organisation_id
          WHERE m.user_id = $1 AND m.deactivated_at IS NULL ORDER BY o.name, m.role`,
      [userId],
    );
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      organisationKind: r.kind,
      role: r.role,
      livedExperience: r.lived_experience,
      admin: r.admin,
    }));
  }

  membershipsWithOrganisations(userId: string): Promise<Membership[]> {
    return this.tx.manager.find(Membership, {
      where: { userId, deactivatedAt: IsNull() },
      relations: { organisation: true },
      order: { createdAt: 'ASC' },
    });
  }

  findOrganisationsByIds(ids: readonly string[]): Promise<Organisation[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.manager.createQueryBuilder(Organisation, 'o').where('o.id IN (:...ids)', { ids }).getMany();
  }

  /** Failed attempts since a moment, for an email, an address, or the two together. */
  async recentFailures(where: { emailKey?: string; ipAddress?: string }, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const [row]: Array<{ count: string; oldest: Date | null }> = await this.tx.manager.query(
      `SELECT count(*) AS count, min(attempted_at) AS oldest FROM sign_in_attempt
        WHERE ($1::text IS NULL OR email_key = $1) AND ($2::text IS NULL OR ip_address = $2) AND attempted_at > $3 AND NOT succeeded`,
      [where.emailKey ?? null, where.ipAddress ?? null, since],
    );
    return { count: Number(row.count), oldest: row.oldest };
  }

  /** Whether this address has signed in to this account before: the account's owner, most likely. */
  async succeededFrom(emailKey: string, ipAddress: string, since: Date): Promise<boolean> {
    const rows = await this.tx.manager.query(
      `SELECT 1 FROM sign_in_attempt WHERE email_key = $1 AND ip_address = $2 AND succeeded AND attempted_at > $3 LIMIT 1`,
      [emailKey, ipAddress, since],
    );
    return rows.length > 0;
  }

  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.tx.manager.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [userId, passwordHash]);
  }

  async recordAttempt(attempt: Omit<SignInAttempt, 'id'>): Promise<void> {
    await this.tx.manager.insert(SignInAttempt, attempt);
  }
}
