import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for GOV.UK Notify on loopback, for tests and the end-to-end suite. It speaks
 * the two endpoints we use (POST /v2/notifications/sms and /email), checks the client's
 * JWT (HS256 under the API key's secret, issuer = service id) as Notify does, and keeps
 * what it was sent so a test can read the link a person would get.
 * GET /_messages lists them; DELETE /_messages clears them.
 */
export interface FakeNotifyMessage {
  channel: 'sms' | 'email';
  to: string;
  templateId: string;
  personalisation: Record<string, string>;
  id: string;
}

export interface FakeNotify {
  url: string;
  /** A key in Notify's format: `<name>-<service id>-<secret>`. */
  apiKey: string;
  messages: FakeNotifyMessage[];
  /** Answer the next N sends with this status (e.g. 500), to test failures. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
export const FAKE_NOTIFY_API_KEY = `alongside_test-${SERVICE_ID}-${SECRET}`;

function verifyJwt(header: string | undefined): boolean {
  const token = header?.replace(/^Bearer /, '') ?? '';
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return false;
  const expected = createHmac('sha256', SECRET).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { iss?: string; iat?: number };
    return payload.iss === SERVICE_ID && typeof payload.iat === 'number' && Math.abs(Date.now() / 1000 - payload.iat) < 30;
  } catch {
    return false;
  }
}

export async function startFakeNotify(port = 0): Promise<FakeNotify> {
  const messages: FakeNotifyMessage[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/_messages' && req.method === 'GET') return send(200, { messages });
      if (req.url === '/_messages' && req.method === 'DELETE') {
        messages.length = 0;
        return send(200, {});
      }
      const match = /^\/v2\/notifications\/(sms|email)$/.exec(req.url ?? '');
      if (!match || req.method !== 'POST') return send(404, { errors: [{ error: 'NotFound' }] });
      if (!verifyJwt(req.headers.authorization)) return send(403, { status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token' }] });
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        return send(failures.status, { status_code: failures.status, errors: [{ error: 'Exception', message: 'Internal server error' }] });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const channel = match[1] as 'sms' | 'email';
      const to = String(channel === 'sms' ? body.phone_number : body.email_address);
      const id = `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
      messages.push({ channel, to, templateId: String(body.template_id), personalisation: (body.personalisation ?? {}) as Record<string, string>, id });
      return send(201, { id, reference: null, content: { body: '' }, uri: `/v2/notifications/${id}`, template: { id: body.template_id, version: 1, uri: '' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    apiKey: FAKE_NOTIFY_API_KEY,
    messages,
    failNext(count, status = 500) {
      failures = { count, status };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
