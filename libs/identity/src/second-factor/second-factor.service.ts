import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { toString as qrSvg } from 'qrcode';
import { AppConfig } from '@kinwell/config';
import { AuditLog, TransactionHost } from '@kinwell/database';
import { Clock, DomainError, seal, sealingKey, unseal } from '@kinwell/kernel';
import { RecoveryCode, User } from '../identity.entities';
import { Role } from '../roles';
import { ROLES_NEEDING_SECOND_FACTOR } from './second-factor.roles';

const RECOVERY_CODES = 10;
const PERIOD = 30;

export interface SecondFactorSetUp {
  /** For typing into an authenticator app by hand, in groups of four. */
  secret: string;
  uri: string;
  /** The same URI as a QR code, drawn on the server (no script, no third party). */
  qrSvg: string;
  /** That SVG as a data: address, for an <img> with a text alternative (the page escapes it like any text). */
  qrDataUri: string;
}

/** What an authenticator app needs to add the account: the key in groups of four, its otpauth URI, and its QR code. */
async function setUpOf(secret: string, email: string): Promise<SecondFactorSetUp> {
  const uri = generateURI({ secret, label: email, issuer: 'Kinwell' });
  const svg = await qrSvg(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return {
    secret: secret.replace(/(.{4})/g, '$1 ').trim(),
    uri,
    qrSvg: svg,
    qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** TOTP (RFC 6238) with one-time recovery codes; the secret is kept encrypted, and each code works once. */
@Injectable()
export class SecondFactorService {
  private readonly key: Buffer;

  constructor(
    private readonly tx: TransactionHost,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = totpKey(config.auth.jwtSecret);
  }

  /** Starts (or restarts) set-up: a new secret, kept but not in force until a code from it is confirmed. */
  async beginSetUp(userId: string): Promise<SecondFactorSetUp> {
    return this.tx.run(async () => {
      const user = await this.tx.manager.findOne(User, { where: { id: userId } });
      if (!user) throw DomainError.notFound('That person');
      if (user.totpEnabledAt) throw DomainError.validation([{ field: 'code', message: 'two-step verification is already set up' }]);
      const secret = generateSecret();
      await this.tx.manager.update(User, { id: userId }, { totpSecret: this.seal(secret), totpLastStep: null });
      return setUpOf(secret, user.email);
    });
  }

  /** The set-up's secret again (a page redrawn after a wrong code), or null if set-up has not begun. */
  async pendingSetUp(userId: string): Promise<SecondFactorSetUp | null> {
    const row = await this.secretOf(userId);
    if (!row?.secret || row.enabled) return null;
    return setUpOf(row.secret, row.email);
  }

  /** A first good code turns it on, and returns the recovery codes: shown once, kept only as hashes. */
  confirmSetUp(userId: string, code: string): Promise<string[] | null> {
    return this.tx.run(async () => {
      const row = await this.secretOf(userId, true);
      if (!row?.secret || row.enabled) return null;
      if (!(await this.acceptTotp(userId, row.secret, code, null))) return null;
      await this.tx.manager.update(User, { id: userId }, { totpEnabledAt: this.clock.now() });
      const codes = Array.from({ length: RECOVERY_CODES }, () =>
        randomBytes(5)
          .toString('hex')
          .replace(/(.{5})/, '$1-'),
      );
      await this.tx.manager.delete(RecoveryCode, { userId });
      await this.tx.manager.insert(
        RecoveryCode,
        codes.map((c) => ({ userId, codeHash: hashCode(c), usedAt: null })),
      );
      await this.audit.record({ actor: { userId, label: row.email }, action: 'account.mfa_set', subject: { type: 'user', id: userId } });
      return codes;
    });
  }

  async enabled(userId: string): Promise<boolean> {
    return !!(await this.secretOf(userId))?.enabled;
  }

  /** A code from the app, or a recovery code (used up). Each TOTP code works once, even within its 30 seconds. */
  verify(userId: string, code: string): Promise<boolean> {
    return this.tx.run(async () => {
      const row = await this.secretOf(userId, true);
      if (!row?.secret || !row.enabled) return false;
      if (/^\s*\d{6}\s*$/.test(code)) return this.acceptTotp(userId, row.secret, code, row.lastStep);
      if (!/^[0-9a-f]{5}-?[0-9a-f]{5}$/i.test(code.trim())) return false;
      const [rows] = await this.tx.manager.query<[unknown[], number]>(
        `UPDATE recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
        [userId, hashCode(code.trim()), this.clock.now()],
      );
      if (rows.length)
        await this.audit.record({
          actor: { userId, label: row.email },
          action: 'account.recovery_code_used',
          subject: { type: 'user', id: userId },
        });
      return rows.length > 0;
    });
  }

  /** Holders and carers chose it, so they may turn it off; staff may not. */
  async turnOff(userId: string, roles: readonly Role[]): Promise<void> {
    if (roles.some((r) => ROLES_NEEDING_SECOND_FACTOR.includes(r))) throw DomainError.forbidden('Your role needs two-step verification');
    await this.tx.run(async () => {
      await this.tx.manager.update(User, { id: userId }, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
      await this.tx.manager.delete(RecoveryCode, { userId });
      await this.audit.record({ actor: { userId, label: 'self' }, action: 'account.mfa_removed', subject: { type: 'user', id: userId } });
    });
  }

  async remainingRecoveryCodes(userId: string): Promise<number> {
    const [row] = await this.tx.manager.query(`SELECT count(*)::int AS n FROM recovery_code WHERE user_id = $1 AND used_at IS NULL`, [
      userId,
    ]);
    return row.n as number;
  }

  private async acceptTotp(userId: string, secret: string, code: string, lastStep: string | null): Promise<boolean> {
    const epoch = Math.floor(this.clock.now().getTime() / 1000);
    const result = await verify({
      secret,
      token: code.trim(),
      epoch,
      period: PERIOD,
      epochTolerance: PERIOD,
      ...(lastStep !== null ? { afterTimeStep: Number(lastStep) } : {}),
    }).catch(() => ({ valid: false as const }));
    if (!result.valid) return false;
    // Compare-and-set: of two requests with the same code, only one moves the step on.
    const [rows] = await this.tx.manager.query<[unknown[], number]>(
      `UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
      [userId, 'timeStep' in result ? result.timeStep : Math.floor(epoch / PERIOD) + result.delta],
    );
    return rows.length > 0;
  }

  private async secretOf(
    userId: string,
    lock = false,
  ): Promise<{ secret: string | null; enabled: boolean; lastStep: string | null; email: string } | null> {
    const rows: Array<{ totp_secret: string | null; totp_enabled_at: Date | null; totp_last_step: string | null; email: string }> =
      await this.tx.manager.query(
        `SELECT totp_secret, totp_enabled_at, totp_last_step, email FROM app_user WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
        [userId],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      secret: row.totp_secret ? this.open(row.totp_secret) : null,
      enabled: !!row.totp_enabled_at,
      lastStep: row.totp_last_step,
      email: row.email,
    };
  }

  private seal(secret: string): string {
    return seal(secret, this.key);
  }

  private open(sealed: string): string | null {
    return unseal(sealed, this.key);
  }
}

// Sealed with a key derived from JWT_SECRET: a copy of the database alone does not give the codes away.
const totpKey = (jwtSecret: string) => sealingKey(jwtSecret, 'kinwell totp secret');

/** The sealed form of a known secret, for demo and test accounts that start with two-step verification on. */
export const sealSecretForSeeding = (secret: string, jwtSecret: string) => seal(secret, totpKey(jwtSecret));
