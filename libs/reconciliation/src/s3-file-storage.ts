import { createHash, createHmac } from 'node:crypto';
import { FileStorage } from './file-storage';

export interface S3Settings {
  /** e.g. https://s3.eu-west-2.amazonaws.com, or a MinIO / other S3-compatible endpoint */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const encodePath = (path: string) => path.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

/** AWS Signature Version 4 headers for one request (path-style addressing, no query string). */
export function signV4(request: { method: string; url: URL; headers: Record<string, string>; payloadHash: string; now: Date; region: string; service: string; accessKeyId: string; secretAccessKey: string }): Record<string, string> {
  const amzDate = request.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, host: request.url.host, 'x-amz-content-sha256': request.payloadHash, 'x-amz-date': amzDate };
  const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v).trim().replace(/\s+/g, ' ')]));
  const canonical = [request.method, encodePath(request.url.pathname), '', ...names.map((n) => `${n}:${lower[n]}`), '', names.join(';'), request.payloadHash].join('\n');
  const scope = `${day}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${request.secretAccessKey}`, day), request.region), request.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${request.accessKeyId}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}` };
}

/** Receipts in an S3-compatible bucket, with requests signed as AWS Signature Version 4. */
export class S3FileStorage extends FileStorage {
  constructor(private readonly settings: S3Settings) {
    super();
  }

  async put(key: string, content: Buffer, contentType: string): Promise<void> {
    const res = await this.send('PUT', key, content, { 'content-type': contentType });
    if (!res.ok) throw new Error(`S3 refused to store ${key}: ${res.status} ${await res.text()}`);
  }

  async get(key: string): Promise<Buffer> {
    const res = await this.send('GET', key, Buffer.alloc(0), {});
    if (!res.ok) throw new Error(`S3 could not return ${key}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  private send(method: 'PUT' | 'GET', key: string, body: Buffer, headers: Record<string, string>): Promise<Response> {
    const url = new URL(`${this.settings.endpoint.replace(/\/$/, '')}/${this.settings.bucket}/${key}`);
    const signed = signV4({ method, url, headers, payloadHash: sha256(body), now: new Date(), region: this.settings.region, service: 's3', accessKeyId: this.settings.accessKeyId, secretAccessKey: this.settings.secretAccessKey });
    const { host: _host, ...sendable } = signed;
    return fetch(url, { method, headers: sendable, body: method === 'PUT' ? new Uint8Array(body) : undefined });
  }
}
