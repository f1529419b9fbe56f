import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { TransactionHost } from '@kinwell/database';
import { Clock } from '@kinwell/kernel';
import { AccountToken, TokenPurpose } from '../identity.entities';
import { AccountFailure, accountFailure } from './account.errors';

export const hashToken = (raw: string) => createHash('sha256').update(raw).digest('hex');

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Single-use links: 32 random bytes in the URL, only their hash in the database. */
@Injectable()
export class AccountTokens {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async issue(
    purpose: TokenPurpose,
    owner: { userId?: string; invitationId?: string },
    ttlMs: number,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + ttlMs);
    await this.tx.manager.insert(AccountToken, {
      purpose,
      tokenHash: hashToken(token),
      userId: owner.userId ?? null,
      invitationId: owner.invitationId ?? null,
      expiresAt,
      usedAt: null,
    });
    return { token, expiresAt };
  }

  /** Reads a link without using it (the page that asks "set your password"). */
  async inspect(purpose: TokenPurpose, raw: string): Promise<AccountToken | AccountFailure> {
    if (!TOKEN_SHAPE.test(raw)) return accountFailure('link_not_found');
    const row = await this.tx.manager.findOne(AccountToken, { where: { tokenHash: hashToken(raw), purpose } });
    if (!row) return accountFailure('link_not_found');
    if (row.usedAt) return accountFailure('link_used');
    if (row.expiresAt <= this.clock.now()) return accountFailure('link_expired');
    return row;
  }

  /** Uses a link, once: of two requests racing with the same link, one wins and the other is told it was used. */
  async consume(purpose: TokenPurpose, raw: string): Promise<AccountToken | AccountFailure> {
    const seen = await this.inspect(purpose, raw);
    if ('kind' in seen) return seen;
    const [rows] = await this.tx.manager.query<[Array<{ id: string }>, number]>(
      `UPDATE account_token SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING id`,
      [seen.id, this.clock.now()],
    );
    return rows.length ? seen : accountFailure('link_used');
  }

  /**
   * Ends every unused link of a kind for a person or an invitation (a new one replaces them, or a reset ends the
   * rest). They are deleted, so an old link reads as "replaced by a newer one", not as used.
   */
  async retire(purpose: TokenPurpose, owner: { userId?: string; invitationId?: string }): Promise<void> {
    const column = owner.invitationId ? 'invitation_id' : 'user_id';
    await this.tx.manager.query(`DELETE FROM account_token WHERE purpose = $1 AND ${column} = $2 AND used_at IS NULL`, [
      purpose,
      owner.invitationId ?? owner.userId,
    ]);
  }

  /** How many links of a kind went to someone lately: a sender of reset emails cannot flood an inbox. */
  async recentlyIssued(purpose: TokenPurpose, userId: string, sinceMs: number): Promise<number> {
    const [row] = await this.tx.manager.query(
      `SELECT count(*)::int AS n FROM account_token WHERE purpose = $1 AND user_id = $2 AND created_at > $3`,
      [purpose, userId, new Date(this.clock.now().getTime() - sinceMs)],
    );
    return row.n;
  }
}
