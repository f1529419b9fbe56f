import { DataSource } from 'typeorm';
import { Membership, Organisation, OrganisationKind, PasswordHasher, Role, User } from '@kinwell/identity';

let counter = 0;
const hasher = new PasswordHasher();
const hashes = new Map<string, Promise<string>>();

export const TEST_PASSWORD = 'correct horse battery staple';

export async function makeOrganisation(ds: DataSource, overrides: Partial<Organisation> = {}): Promise<Organisation> {
  counter++;
  return ds
    .getRepository(Organisation)
    .save({ name: `Organisation ${counter}`, kind: OrganisationKind.Broker, commissionerId: null, ...overrides });
}

export interface MakeUserOptions {
  email?: string;
  password?: string | null;
  displayName?: string;
  disabledAt?: Date | null;
  memberships?: Array<{ organisationId: string; role: Role; livedExperience?: boolean }>;
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
  const user = await ds.getRepository(User).save({
    email: options.email ?? `person${counter}.${process.pid}@example.test`,
    displayName: options.displayName ?? `Person ${counter}`,
    passwordHash,
    disabledAt: options.disabledAt ?? null,
  });
  for (const m of options.memberships ?? []) {
    await ds
      .getRepository(Membership)
      .insert({ userId: user.id, organisationId: m.organisationId, role: m.role, livedExperience: m.livedExperience ?? false });
  }
  return user;
}
