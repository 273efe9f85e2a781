import type { AddressInfo } from 'node:net';
import { sessionCookieName } from '../../auth/sessions.js';
import type { AppInstance } from '../../http/context.js';
import { TEST_PASSWORD } from '../../testing/test-app.js';

/**
 * Test helpers for the board stream: Fastify's inject cannot stream, so these talk to a
 * real listening server on 127.0.0.1 with fetch() and read the body as it arrives.
 */
export async function listen(app: AppInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Signs in through the login route (injected) and returns the Cookie header value. */
export async function sessionCookie(app: AppInstance, email: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode}`);
  const name = sessionCookieName(app.deps.config.secureCookies);
  const cookie = res.cookies.find((c) => c.name === name);
  if (!cookie) throw new Error('no session cookie');
  return `${name}=${cookie.value}`;
}

export interface EventStream {
  status: number;
  headers: Headers;
  /** Everything received so far. */
  text(): string;
  /** How many `event: board` messages have arrived. */
  boardEvents(): number;
  /** Resolves when the predicate holds on the text so far; rejects after `ms`. */
  waitFor(predicate: (text: string) => boolean, ms?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openEventStream(baseUrl: string, path: string, cookie: string): Promise<EventStream> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  let received = '';
  const waiters = new Set<() => void>();
  const decoder = new TextDecoder();
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
        for (const w of [...waiters]) w();
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: res.status,
    headers: res.headers,
    text: () => received,
    boardEvents: () => received.split('event: board\n').length - 1,
    waitFor(predicate, ms = 2000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(received)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`stream did not match within ${ms} ms; received: ${JSON.stringify(received.slice(-300))}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    ended,
    close: () => controller.abort(),
  };
}
