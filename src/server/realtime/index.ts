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
 * Messages carry only a topic (a service id, 'sessions', a user's alerts, an organisation's people) and
 * at most an id as detail (a person changed, features/people/name-index.ts): no personal data.
 */
export interface Realtime {
  /**
   * Tell every subscriber of this topic (a service id, or another topic), on every instance,
   * that it changed. `detail` says what changed within it (an id, never personal data), for a
   * subscriber that can act on that alone; a subscriber called without one must assume anything did.
   */
  publish(serviceId: string, detail?: string): Promise<void>;
  /** Resolves once delivery is live; call the returned function to stop. */
  subscribe(serviceId: string, fn: (detail?: string) => void): Promise<() => void>;
  close(): Promise<void>;
  /** False while changes from other instances cannot be heard (PostgreSQL's listener is down). */
  connected?(): boolean;
}

export const BOARD_CHANNEL = 'alongside_board';
/** Between a topic and its detail in a NOTIFY payload (topics and details are ids: never this character). */
const DETAIL_SEPARATOR = '|';

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
    emit: (serviceId: string, detail?: string) => emitter.emit(serviceId, detail),
    on(serviceId: string, fn: (detail?: string) => void) {
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
    async publish(serviceId, detail) {
      if (!closed) hub.emit(serviceId, detail);
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
        if (message.channel !== BOARD_CHANNEL || !message.payload) return;
        const at = message.payload.indexOf(DETAIL_SEPARATOR);
        if (at < 0) hub.emit(message.payload);
        else hub.emit(message.payload.slice(0, at), message.payload.slice(at + 1));
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
    async publish(serviceId, detail) {
      if (closed) return;
      const payload = detail === undefined ? serviceId : `${serviceId}${DETAIL_SEPARATOR}${detail}`;
      await sql`select pg_notify(${BOARD_CHANNEL}, ${payload})`.execute(options.db);
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
