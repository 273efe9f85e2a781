import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionIsLive } from '../auth/sessions.js';
import type { AppInstance, Auth, Deps } from '../http/context.js';

/** A stream's timings; routes keep theirs in an object tests may shorten. */
export interface EventStreamSettings {
  heartbeatMs: number;
  retryMs: number;
}

/** Open streams of one routes plugin, ended when the app closes so shutdown never waits on them. */
export function trackEventStreams(app: AppInstance): Set<() => void> {
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  return streams;
}

/**
 * Serves a server-sent event stream for one realtime topic (the board's service, a person's
 * alerts): one event at once, so a (re)connecting screen always fetches what is current, then
 * one on every publish. Each heartbeat also checks that the session is still live: a
 * signed-out or disabled person stops receiving. Only an event-stream client (EventSource
 * sends the header) gets the never-ending reply; anything else is a 406.
 */
export async function serveEventStream(
  deps: Deps,
  auth: Auth,
  request: FastifyRequest,
  reply: FastifyReply,
  stream: { streams: Set<() => void>; settings: EventStreamSettings; topic: string; event: string; data: () => unknown },
): Promise<unknown> {
  if (!String(request.headers.accept ?? '').includes('text/event-stream')) {
    return reply.code(406).send({ error: { code: 'not_acceptable', message: 'This address sends live updates. Ask for text/event-stream.' } });
  }
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Proxies must pass each event on at once.
    'x-accel-buffering': 'no',
  });
  raw.write(`retry: ${stream.settings.retryMs}\n\n`);

  let open = true;
  let off: (() => void) | null = null;
  const send = () => {
    if (!open) return;
    raw.write(`event: ${stream.event}\ndata: ${JSON.stringify(stream.data())}\n\n`);
  };
  const end = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    off?.();
    stream.streams.delete(end);
    raw.end();
  };
  const heartbeat = setInterval(() => {
    if (!open) return;
    raw.write(': heartbeat\n\n');
    void (async () => {
      const session = await deps.db.selectFrom('sessions').selectAll().where('id', '=', auth.session.id).executeTakeFirst();
      const user = await deps.db.selectFrom('users').select('disabled_at').where('id', '=', auth.user.id).executeTakeFirst();
      const live = session && sessionIsLive(session, { idleMs: deps.config.sessionIdleMs, absoluteMs: deps.config.sessionAbsoluteMs, clock: deps.clock }) && user && !user.disabled_at;
      if (!live) end();
    })().catch(() => undefined);
  }, stream.settings.heartbeatMs);
  heartbeat.unref();
  stream.streams.add(end);
  request.raw.on('close', end);
  raw.on('error', end);

  off = await deps.realtime.subscribe(stream.topic, send);
  if (!open) off();
  send();
  return undefined;
}
