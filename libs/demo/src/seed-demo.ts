import { INestApplicationContext } from '@nestjs/common';
import { AuditEntry } from '@kinwell/database';
import { AppConfig } from '@kinwell/config';
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
import { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from './demo-area';
import { seedDemoDemand } from './seed-demand';
import { seedDemoDirectory } from './seed-directory';
import { seedDemoPlans, URDU_HOLDER } from './seed-plans';

/**
 * Seeds the demo area into an empty database through a running application (the API, the worker or
 * a test app); returns a summary, or null if there was data already.
 */
export async function seedDemoData(app: INestApplicationContext): Promise<string | null> {
  const seeded = await seedAreaAndDirectory(app.get(DataSource), app.get(AppConfig).auth.jwtSecret);
  if (!seeded) return null;
  // Plans go through the real services (ledger, sign-off, audit), in their own transactions.
  const plans = await seedDemoPlans(app, seeded.organisationIds, seeded.userIds);
  return `${seeded.summary}, ${plans}`;
}

async function seedAreaAndDirectory(
  dataSource: DataSource,
  jwtSecret: string,
): Promise<{ summary: string; organisationIds: Map<string, string>; userIds: Map<string, string> } | null> {
  return dataSource.transaction(async (manager) => {
    // Serialise concurrent starters (api and worker) so only one seeds.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['kinwell:seed-demo']);
    if ((await manager.count(Organisation)) > 0) return null;

    const ids = new Map<string, string>();
    const commissioner = DEMO_ORGANISATIONS.find((o) => o.key === 'icb')!;
    for (const org of [commissioner, ...DEMO_ORGANISATIONS.filter((o) => o !== commissioner)]) {
      const inArea = org.kind !== OrganisationKind.Commissioner && org.kind !== OrganisationKind.Platform;
      const saved = await manager.save(Organisation, {
        name: org.name,
        kind: org.kind,
        commissionerId: inArea ? ids.get(commissioner.key)! : null,
        contactPhone: org.contactPhone ?? null,
        contactEmail: org.contactEmail ?? null,
        approvedAt: new Date(),
      });
      ids.set(org.key, saved.id);
    }
    // One hash for the shared demo password keeps seeding quick.
    const passwordHash = await new PasswordHasher().hash(DEMO_PASSWORD);
    const userIds = new Map<string, string>();
    // Demo staff who see people's data have two-step verification on, with one known secret (the sign-in page
    // shows its current code in development); the first staff member of each organisation is its admin.
    const totpSecret = sealSecretForSeeding(DEMO_TOTP_SECRET, jwtSecret);
    const admins = new Set<string>();
    for (const account of DEMO_ACCOUNTS) {
      const staff = account.memberships.some((m) => ROLES_NEEDING_SECOND_FACTOR.includes(m.role));
      const user = await manager.save(User, {
        email: account.email,
        displayName: account.displayName,
        passwordHash,
        disabledAt: null,
        emailVerifiedAt: new Date(),
        language: account.email === URDU_HOLDER ? 'ur' : 'en',
        totpSecret: staff ? totpSecret : null,
        totpEnabledAt: staff ? new Date() : null,
      });
      userIds.set(account.email, user.id);
      for (const m of account.memberships) {
        const holderSide = m.role === Role.Holder || m.role === Role.CarerAdvocate;
        const admin = !holderSide && !admins.has(m.organisation);
        if (admin) admins.add(m.organisation);
        await manager.insert(Membership, {
          userId: user.id,
          organisationId: ids.get(m.organisation)!,
          role: m.role,
          livedExperience: m.livedExperience ?? false,
          admin,
        });
      }
    }
    const offerings = await seedDemoDirectory(manager, ids, userIds.get('provider@kinwell.demo')!);
    const searches = await seedDemoDemand(manager, ids.get(commissioner.key)!);
    const summary = `${DEMO_ORGANISATIONS.length} organisations, ${DEMO_ACCOUNTS.length} demo accounts, ${offerings} directory offerings, ${searches} anonymous demo searches`;
    await manager.insert(AuditEntry, {
      occurredAt: new Date(),
      actorUserId: null,
      actorLabel: 'system',
      action: 'demo.seeded',
      subjectType: 'area',
      subjectId: ids.get(commissioner.key)!,
      reason: 'Empty development database',
      change: { organisations: DEMO_ORGANISATIONS.length, accounts: DEMO_ACCOUNTS.length, offerings, searches },
    });
    return { summary, organisationIds: ids, userIds };
  });
}
