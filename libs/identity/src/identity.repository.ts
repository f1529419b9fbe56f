import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Membership, Organisation, SignInAttempt, User } from './identity.entities';
import { PrincipalMembership } from './principal';

export interface UserWithHash {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  disabledAt: Date | null;
}

@Injectable()
export class IdentityRepository {
  constructor(private readonly tx: TransactionHost) {}

  findUserForSignIn(email: string): Promise<UserWithHash | null> {
    return this.tx.manager
      .createQueryBuilder(User, 'u')
      .select(['u.id', 'u.email', 'u.displayName', 'u.disabledAt'])
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
    }> = await this.tx.manager.query(
      `SELECT m.organisation_id, o.kind, m.role, m.lived_experience
           FROM membership m JOIN organisation o ON o.id = m.organisation_id
          WHERE m.user_id = $1 ORDER BY o.name, m.role`,
      [userId],
    );
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      organisationKind: r.kind,
      role: r.role,
      livedExperience: r.lived_experience,
    }));
  }

  membershipsWithOrganisations(userId: string): Promise<Membership[]> {
    return this.tx.manager.find(Membership, { where: { userId }, relations: { organisation: true }, order: { createdAt: 'ASC' } });
  }

  findOrganisationsByIds(ids: readonly string[]): Promise<Organisation[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.manager.createQueryBuilder(Organisation, 'o').where('o.id IN (:...ids)', { ids }).getMany();
  }

  async recentFailures(field: 'emailKey' | 'ipAddress', value: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const column = field === 'emailKey' ? 'email_key' : 'ip_address';
    const [row]: Array<{ count: string; oldest: Date | null }> = await this.tx.manager.query(
      `SELECT count(*) AS count, min(attempted_at) AS oldest FROM sign_in_attempt
        WHERE ${column} = $1 AND attempted_at > $2 AND NOT succeeded`,
      [value, since],
    );
    return { count: Number(row.count), oldest: row.oldest };
  }

  async recordAttempt(attempt: Omit<SignInAttempt, 'id'>): Promise<void> {
    await this.tx.manager.insert(SignInAttempt, attempt);
  }
}
