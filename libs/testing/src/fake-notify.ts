import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';

export interface FakeNotify {
  url: string;
  /** An API key in Notify's format (name-serviceId-secret) that this fake accepts. */
  apiKey: string;
  templateId: string;
  /** Texts accepted, in order. */
  sent: Array<{ phoneNumber: string; message: string; reference: string | undefined }>;
  /** Requests refused for their signature. */
  refusedTokens: number;
  /** The next `n` sends answer 500, as Notify does when it is down. */
  failNext(n: number): void;
  close(): Promise<void>;
}

const SERVICE_ID = '2b1c7b0e-6f3a-4d7e-9a51-3c0f1b7e5d21';
const SECRET = '9e1f3a5c-7b2d-4c8e-a6f0-1d3b5e7a9c2f';

const b64url = (buffer: Buffer) => buffer.toString('base64url');

/**
 * A local stand-in for GOV.UK Notify's API, checking each request's token as Notify does: an HS256 JWT
 * signed with the key's secret, issued by the service id, no more than 30 seconds old.
 */
export async function startFakeNotify(): Promise<FakeNotify> {
  const sent: FakeNotify['sent'] = [];
  let failures = 0;
  let refusedTokens = 0;
  const templateId = randomUUID();
  const verified = (req: IncomingMessage): boolean => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [header, payload, signature] = token?.split('.') ?? [];
    if (!header || !payload || !signature) return false;
    const expected = b64url(createHmac('sha256', SECRET).update(`${header}.${payload}`).digest());
    if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: string; iat?: number };
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string }).alg;
    return alg === 'HS256' && claims.iss === SERVICE_ID && typeof claims.iat === 'number' && Math.abs(Date.now() / 1000 - claims.iat) <= 30;
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!verified(req)) {
        refusedTokens++;
        return answer(403, {
          status_code: 403,
          errors: [{ error: 'AuthError', message: 'Invalid token: signature, api token is not valid' }],
        });
      }
      if (req.method !== 'POST' || req.url !== '/v2/notifications/sms')
        return answer(404, { errors: [{ error: 'NotFound', message: 'Not found' }] });
      if (failures > 0) {
        failures--;
        return answer(500, { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
      }
      const body = JSON.parse(raw) as {
        phone_number: string;
        template_id: string;
        personalisation?: { message?: string };
        reference?: string;
      };
      if (body.template_id !== templateId)
        return answer(400, { status_code: 400, errors: [{ error: 'BadRequestError', message: 'Template not found' }] });
      if (!/^(\+447|07)\d{9}$/.test(body.phone_number))
        return answer(400, { status_code: 400, errors: [{ error: 'ValidationError', message: 'phone_number Not a UK mobile number' }] });
      sent.push({ phoneNumber: body.phone_number, message: body.personalisation?.message ?? '', reference: body.reference });
      answer(201, {
        id: randomUUID(),
        reference: body.reference ?? null,
        content: { body: body.personalisation?.message, from_number: 'Kinwell' },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: `kinwell_test-${SERVICE_ID}-${SECRET}`,
    templateId,
    sent,
    get refusedTokens() {
      return refusedTokens;
    },
    failNext: (n) => void (failures = n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
