import { DataSource } from 'typeorm';
import { DEV_JWT_SECRET } from '@kinwell/config';
import { DEMO_TOTP_SECRET } from '@kinwell/demo';
import {
  Membership,
  Organisation,
  OrganisationKind,
  PasswordHasher,
  Role,
  ROLES_NEEDING_SECOND_FACTOR,
  sealSecretForSeeding,
  User,
} from '@kinwell/identity';

let counter = 0;
const hasher = new PasswordHasher();
const hashes = new Map<string, Promise<string>>();

export const TEST_PASSWORD = 'correct horse battery staple';
/** Staff made here start with two-step verification on, with this secret (the demo's), unless asked not to. */
export const TEST_TOTP_SECRET = DEMO_TOTP_SECRET;

export async function makeOrganisation(ds: DataSource, overrides: Partial<Organisation> = {}): Promise<Organisation> {
  counter++;
  return ds
    .getRepository(Organisation)
    .save({ name: `Organisation ${counter}`, kind: OrganisationKind.Broker, commissionerId: null, approvedAt: new Date(), ...overrides });
}

export interface MakeUserOptions {
  email?: string;
  password?: string | null;
  displayName?: string;
  disabledAt?: Date | null;
  memberships?: Array<{ organisationId: string; role: Role; livedExperience?: boolean; admin?: boolean }>;
  /** Two-step verification on with TEST_TOTP_SECRET; by default, for the roles that must have it. */
  secondFactor?: boolean;
}

export async function makeUser(ds: DataSource, options: MakeUserOptions = {}): Promise<User> {
  counter++;
  const password = options.password === undefined ? TEST_PASSWORD : options.password;
  let passwordHash: string | null = null;
  if (password !== null) {
    // Hashing is deliberately slow; reuse one hash per distinct password.
    if (!hashes.has(password)) hashes.set(password, hasher.hash(password));
    passwordHash = await hashes.get(password)!;
  }
  const secondFactor = options.secondFactor ?? (options.memberships ?? []).some((m) => ROLES_NEEDING_SECOND_FACTOR.includes(m.role));
  const user = await ds.getRepository(User).save({
    email: options.email ?? `person${counter}.${process.pid}@example.test`,
    displayName: options.displayName ?? `Person ${counter}`,
    passwordHash,
    disabledAt: options.disabledAt ?? null,
    emailVerifiedAt: new Date(),
    ...(secondFactor
      ? { totpSecret: sealSecretForSeeding(TEST_TOTP_SECRET, process.env.JWT_SECRET ?? DEV_JWT_SECRET), totpEnabledAt: new Date() }
      : {}),
  });
  for (const m of options.memberships ?? []) {
    await ds.getRepository(Membership).insert({
      userId: user.id,
      organisationId: m.organisationId,
      role: m.role,
      livedExperience: m.livedExperience ?? false,
      admin: m.admin ?? false,
    });
  }
  return user;
}
