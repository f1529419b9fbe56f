import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigModule, loadConfig } from '@kinwell/config';
import { AdministrationService, IdentityModule } from '@kinwell/identity';
import { PersistenceModule, prepareDatabase } from '@kinwell/platform';

@Module({})
class AdminCliModule {
  static forRoot(config: AppConfig, url: string): DynamicModule {
    return {
      module: AdminCliModule,
      imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot(url, 2, 'kinwell-admin-create'), IdentityModule],
    };
  }
}

/**
 * npm run admin:create -- <email> [name]: the first administrator of an install (production included). Prints a
 * one-time link, valid 24 hours, where they choose a password; two-step verification is set up at first sign-in.
 */
async function main(): Promise<void> {
  const [email, ...name] = process.argv.slice(2);
  if (!email) throw new Error('Usage: npm run admin:create -- <email> [display name]');
  const config = loadConfig();
  const database = await prepareDatabase(config, (m) => console.log(m));
  try {
    const app = await NestFactory.createApplicationContext(AdminCliModule.forRoot(config, database.url), { logger: ['error'] });
    try {
      const { link, expiresAt } = await app.get(AdministrationService).createPlatformAdmin(email, name.join(' ') || undefined);
      console.log(
        `${email} is a platform administrator. To finish setting up, open this link before ${expiresAt.toISOString()} (it works once):`,
      );
      console.log(link);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const fields = (error as { fields?: Array<{ field: string; message: string }> }).fields;
    console.error(
      fields?.length ? fields.map((f) => `${f.field}: ${f.message}`).join('\n') : error instanceof Error ? error.message : error,
    );
    process.exit(1);
  },
);
