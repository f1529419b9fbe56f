import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');
import { S3FileStorage } from './s3-file-storage';

// s3rver is a local S3-compatible server reached through the real AWS SDK. It checks the access
// key but not signatures; signing is the SDK's.
describe('S3FileStorage through the AWS SDK against a local S3-compatible server', () => {
  const dir = resolve('.data', `s3rver-${process.pid}`);
  let server: { run(): Promise<{ port: number }>; close(): Promise<void> };
  let endpoint: string;
  let sut: S3FileStorage;

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'kinwell-receipts' }] });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    sut = new S3FileStorage({
      endpoint,
      bucket: 'kinwell-receipts',
      region: 'eu-west-2',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });
  afterAll(async () => {
    sut.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a receipt and returns the same bytes', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7)]);
    await sut.put('receipts/plan-1/abc', content, 'application/pdf');
    expect((await sut.get('receipts/plan-1/abc')).equals(content)).toBe(true);
  });

  it('fails clearly for a missing object or an unknown access key', async () => {
    await expect(sut.get('receipts/none')).rejects.toThrow(/could not return receipts\/none: 404/);
    const stranger = new S3FileStorage({
      endpoint,
      bucket: 'kinwell-receipts',
      region: 'eu-west-2',
      credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' },
    });
    await expect(stranger.put('receipts/x', Buffer.from('%PDF'), 'application/pdf')).rejects.toThrow(/refused to store receipts\/x: 403/);
    stranger.close();
  });

  it('signs with a session token (IAM role credentials) and retries a store that failed once', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const flaky = createServer((req, res) => {
      seen.push(req.headers);
      req.resume().on('end', () => {
        res.statusCode = seen.length === 1 ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((done) => flaky.listen(0, '127.0.0.1', done));
    const roled = new S3FileStorage({
      endpoint: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`,
      bucket: 'b',
      region: 'eu-west-2',
      credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 'session-token-from-the-role' },
    });
    try {
      await roled.put('receipts/y', Buffer.from('%PDF'), 'application/pdf');
      expect(seen).toHaveLength(2);
      expect(seen[1]['x-amz-security-token']).toBe('session-token-from-the-role');
      expect(seen[1].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-west-2\/s3\/aws4_request/);
    } finally {
      roled.close();
      flaky.close();
    }
  });
});
