import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');
import { S3FileStorage } from './s3-file-storage';

// s3rver is a local S3-compatible server. It checks the access key but not V4 signatures; the
// signature itself is proven against AWS's published example in s3-file-storage.spec.ts.
describe('S3FileStorage against a local S3-compatible server', () => {
  const dir = resolve('.data', `s3rver-${process.pid}`);
  let server: { run(): Promise<{ port: number }>; close(): Promise<void> };
  let sut: S3FileStorage;

  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'kinwell-receipts' }] });
    const { port } = await server.run();
    sut = new S3FileStorage({ endpoint: `http://127.0.0.1:${port}`, bucket: 'kinwell-receipts', region: 'eu-west-2', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a receipt and returns the same bytes', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7)]);
    await sut.put('receipts/plan-1/abc', content, 'application/pdf');
    expect((await sut.get('receipts/plan-1/abc')).equals(content)).toBe(true);
  });

  it('fails clearly for a missing object or an unknown access key', async () => {
    await expect(sut.get('receipts/none')).rejects.toThrow(/could not return/);
    const stranger = new S3FileStorage({ endpoint: (sut as unknown as { settings: { endpoint: string } }).settings.endpoint, bucket: 'kinwell-receipts', region: 'eu-west-2', accessKeyId: 'NOBODY', secretAccessKey: 'x' });
    await expect(stranger.put('receipts/x', Buffer.from('%PDF'), 'application/pdf')).rejects.toThrow(/refused/);
  });
});
