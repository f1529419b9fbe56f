import { Inject, Injectable, Optional } from '@nestjs/common';
import * as argon2 from 'argon2';

/** The argon2id cost in force; a hash made with other numbers is remade at the next sign-in. */
export const ARGON2_PARAMETERS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;

export const HASH_PARAMETERS = Symbol('argon2 parameters');

@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  private readonly parameters: { memoryCost: number; timeCost: number; parallelism: number };

  constructor(@Optional() @Inject(HASH_PARAMETERS) parameters?: { memoryCost: number; timeCost: number; parallelism: number }) {
    this.parameters = parameters ?? ARGON2_PARAMETERS;
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { ...this.parameters, type: argon2.argon2id });
  }

  /** True when the hash was made with other parameters (or another variant), so it should be remade. */
  needsRehash(hash: string): boolean {
    try {
      return !hash.startsWith('$argon2id$') || argon2.needsRehash(hash, this.parameters);
    } catch {
      return true;
    }
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so unknown emails cannot be told apart by timing. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('kinwell-timing-equaliser');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
