import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Db } from '../db/database.js';
import { sql } from 'kysely';

/**
 * Fan-out of "something on this service's board changed" to every open board stream,
 * on every app instance. Call `publish(serviceId)` after the change has committed.
 *
 * - SQLite (one instance by nature): an in-process EventEmitter.
 * - PostgreSQL: NOTIFY on one channel, with the service id as payload; each instance
 *   LISTENs on one dedicated client and passes notifications to its local subscribers,
 *   so two instances on one database behave as one. If that client drops, it reconnects
 *   and tells every subscriber (a change may have been missed; clients refetch).
 *
 * Messages carry only a service id (or the word 'sessions', auth/session-cache.ts): no personal data.
 */
export interface Realtime {
  /** Tell every subscriber of this service (on every instance) that its board changed. */
  publish(serviceId: string): Promise<void>;
  /** Resolves once delivery is live; call the returned function to stop. */
  subscribe(serviceId: string, fn: () => void): Promise<() => void>;
  close(): Promise<void>;
  /** False while changes from other instances cannot be heard (PostgreSQL's listener is down). */
  connected?(): boolean;
}

export const BOARD_CHANNEL = 'alongside_board';

export type RealtimeOptions =
  | { engine: 'sqlite' }
  | { engine: 'postgres'; url: string; db: Db; onError?: (error: Error) => void; reconnectMs?: number };

export function createRealtime(options: RealtimeOptions): Realtime {
  return options.engine === 'postgres' ? postgresRealtime(options) : memoryRealtime();
}

function localHub() {
  const emitter = new EventEmitter();
  // Each open board stream is one listener; there is no leak to warn about.
  emitter.setMaxListeners(0);
  return {
    emitter,
    emit: (serviceId: string) => emitter.emit(serviceId),
    on(serviceId: string, fn: () => void) {
      emitter.on(serviceId, fn);
      return () => void emitter.off(serviceId, fn);
    },
    emitAll() {
      for (const name of emitter.eventNames()) emitter.emit(name);
    },
  };
}

export function memoryRealtime(): Realtime {
  const hub = localHub();
  let closed = false;
  return {
    async publish(serviceId) {
      if (!closed) hub.emit(serviceId);
    },
    async subscribe(serviceId, fn) {
      return hub.on(serviceId, fn);
    },
    async close() {
      closed = true;
      hub.emitter.removeAllListeners();
    },
    connected: () => !closed,
  };
}

function postgresRealtime(options: Extract<RealtimeOptions, { engine: 'postgres' }>): Realtime {
  const hub = localHub();
  const reconnectMs = options.reconnectMs ?? 1000;
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const scheduleReconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        // Changes may have happened while we were deaf: every board refetches.
        () => hub.emitAll(),
        () => scheduleReconnect(),
      );
    }, reconnectMs);
    retry.unref();
  };

  const connect = (): Promise<void> => {
    if (client) return Promise.resolve();
    if (connecting) return connecting;
    connecting = (async () => {
      const c = new pg.Client({ connectionString: options.url });
      c.on('notification', (message) => {
        if (message.channel === BOARD_CHANNEL && message.payload) hub.emit(message.payload);
      });
      const lost = (error?: Error) => {
        if (client !== c) return;
        client = null;
        if (error) options.onError?.(error);
        c.end().catch(() => undefined);
        scheduleReconnect();
      };
      c.on('error', (error) => lost(error));
      c.on('end', () => lost());
      try {
        await c.connect();
        await c.query(`LISTEN ${BOARD_CHANNEL}`);
      } catch (error) {
        await c.end().catch(() => undefined);
        throw error;
      }
      if (closed) {
        await c.end().catch(() => undefined);
        return;
      }
      client = c;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    async publish(serviceId) {
      if (closed) return;
      await sql`select pg_notify(${BOARD_CHANNEL}, ${serviceId})`.execute(options.db);
    },
    async subscribe(serviceId, fn) {
      const off = hub.on(serviceId, fn);
      try {
        await connect();
      } catch (error) {
        // Still subscribed: the reconnect loop delivers an event once the listener is back.
        options.onError?.(error as Error);
        scheduleReconnect();
      }
      return off;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      hub.emitter.removeAllListeners();
      if (connecting) await connecting.catch(() => undefined);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => undefined);
    },
    connected: () => !closed && client !== null,
  };
}
