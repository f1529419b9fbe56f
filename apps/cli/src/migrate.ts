import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '@kinwell/config';
import { schemaDiff } from '@kinwell/database';
import { connectDatabase, withDataSource } from '@kinwell/platform';
import { readableSql } from './readable-sql';

// npm scripts run from the repository root.
const MIGRATIONS_DIR = resolve(process.cwd(), 'libs/database/src/migrations');

const usage = 'Usage: npm run migration:run | migration:revert | migration:show | migration:check | migration:generate -- <Name>';

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const log = (m: string) => console.log(m);
  const database = await connectDatabase(config, log);
  try {
    return await withDataSource(database.url, async (dataSource) => {
      switch (command) {
        case 'run': {
          const applied = await dataSource.runMigrations({ transaction: 'each' });
          log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'Nothing to apply.');
          return 0;
        }
        case 'revert':
          await dataSource.undoLastMigration({ transaction: 'each' });
          log('Reverted the last migration.');
          return 0;
        case 'show':
          return (await dataSource.showMigrations()) ? 1 : 0;
        case 'check': {
          await dataSource.runMigrations({ transaction: 'each' });
          const diff = await schemaDiff(dataSource);
          if (diff.up.length === 0) {
            log('Entities and migrations agree.');
            return 0;
          }
          log(`Entities and migrations disagree; a migration still needs:\n${diff.up.join(';\n')};`);
          return 1;
        }
        case 'generate': {
          if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
            log('Give the migration a PascalCase name, e.g. npm run migration:generate -- AddBudgets');
            return 2;
          }
          await dataSource.runMigrations({ transaction: 'each' });
          const diff = await schemaDiff(dataSource);
          if (diff.up.length === 0) {
            log('No changes: entities and migrations already agree.');
            return 0;
          }
          const file = writeMigration(name, diff.up, diff.down);
          log(`Wrote ${file}; review it, then run npm run migration:run.`);
          return 0;
        }
        default:
          log(usage);
          return 2;
      }
    });
  } finally {
    await database.stop();
  }
}

function writeMigration(name: string, up: string[], down: string[]): string {
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const quote = (sql: string) => '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
  const body = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${quote(readableSql(q))});`).join('\n');
  mkdirSync(MIGRATIONS_DIR, { recursive: true });
  const file = join(MIGRATIONS_DIR, `${timestamp}-${name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}.ts`);
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n` +
      `  async up(queryRunner: QueryRunner): Promise<void> {\n${body(up)}\n  }\n\n` +
      `  async down(queryRunner: QueryRunner): Promise<void> {\n${body([...down].reverse())}\n  }\n}\n`,
  );
  writeIndex();
  return file;
}

/** Rewrites migrations/index.ts to list every migration file, oldest first. */
function writeIndex(): void {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-.+\.ts$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const base = f.replace(/\.ts$/, '');
    const [stamp, ...rest] = base.split('-');
    const cls = rest.map((p) => p[0].toUpperCase() + p.slice(1)).join('') + stamp;
    return { base, cls };
  });
  writeFileSync(
    join(MIGRATIONS_DIR, 'index.ts'),
    `// Every migration, oldest first. \`npm run migration:generate -- <Name>\` rewrites this list.\n` +
      entries.map((e) => `import { ${e.cls} } from './${e.base}';`).join('\n') +
      `\n\nexport const MIGRATIONS: Array<new () => unknown> = [\n${entries.map((e) => `  ${e.cls},`).join('\n')}\n];\n`,
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
