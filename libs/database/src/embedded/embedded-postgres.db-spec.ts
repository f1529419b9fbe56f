import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';

// Under .data (not the system temp dir) so the postgres user can reach it when tests run as root.
const dir = resolve('.data/embedded-spec', String(process.pid));
// Below 32768, outside Linux's ephemeral range, so no outgoing socket holds it by chance.
const PORT = 15391;
const runTs = resolve('libs/testing/src/run-ts.js');
const probe = resolve(__dirname, 'embedded-postgres.probe.ts');

type ProbeLine = { log?: string; url?: string; error?: string; name?: string };

/** Starts the probe in its own process; resolves once it has printed a URL or an error. */
function startProbe(port: number, mode: 'stay' | 'stop'): { child: ChildProcess; done: Promise<ProbeLine[]> } {
  const child = spawn(process.execPath, [runTs, probe, dir, String(port), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: ProbeLine[] = [];
  const done = new Promise<ProbeLine[]>((resolveLines, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, i)) as ProbeLine;
        buffer = buffer.slice(i + 1);
        lines.push(line);
        if (line.url || line.error) resolveLines(lines);
      }
    });
    child.once('exit', () => resolveLines(lines));
    child.once('error', reject);
  });
  return { child, done };
}

async function selectOne(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT 1 AS n')).rows[0].n;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('comes back up after its owner was killed with SIGKILL, stopping the server left behind', async () => {
    const first = startProbe(PORT, 'stay');
    const firstLines = await first.done;
    const url = firstLines.find((l) => l.url)?.url;
    expect(url).toBeDefined();
    expect(await selectOne(url!)).toBe(1);
    first.child.kill('SIGKILL'); // as `kill -9` of `npm start`: PostgreSQL keeps running, orphaned
    await new Promise((r) => first.child.once('exit', r));

    const second = startProbe(PORT, 'stop');
    const lines = await second.done;
    await new Promise((r) => (second.child.exitCode === null ? second.child.once('exit', r) : r(null)));
    const messages = lines.map((l) => l.log ?? l.error ?? '').join('\n');
    expect(messages).toMatch(/Found a PostgreSQL server \(pid \d+\) still running .* Stopping it and starting afresh/);
    expect(lines.some((l) => l.url)).toBe(true);
    expect(second.child.exitCode).toBe(0);
  });

  it('explains a port taken by another program instead of crashing', async () => {
    const blocker: Server = createServer().listen(PORT + 1, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const lines = await startProbe(PORT + 1, 'stop').done;
      expect(lines.at(-1)).toEqual({
        name: 'EmbeddedPostgresError',
        error: `Port ${PORT + 1} is already in use by another program, so the embedded PostgreSQL cannot start. Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing PostgreSQL.`,
      });
    } finally {
      blocker.close();
    }
  });
});
