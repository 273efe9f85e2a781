import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteAccess } from '../access/policies.js';
import type { AuditContext, AuditInput } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { Db, Engine } from '../db/database.js';
import type { DbOrTrx } from '../db/scope.js';
import type { Membership, Session, User } from '../db/tables.js';
import type { Realtime } from '../realtime/index.js';
import type { ViewAuditWindow } from '../audit/view-window.js';
import type { LiveCache } from '../realtime/live-cache.js';
import type { SessionCache } from '../auth/session-cache.js';
import type { BoardSnapshot } from '../features/board/service.js';
import type { Notifier } from '../notify/notify.js';
import type { JobQueue } from '../jobs/jobs.js';

/** What every service function is given: no globals, so tests can build many apps. */
export interface Deps {
  config: Config;
  db: Db;
  engine: Engine;
  secretKey: string;
  clock: () => number;
  audit: AuditContext;
  /** Board change fan-out (in-process on SQLite, LISTEN/NOTIFY on PostgreSQL). */
  realtime: Realtime;
  /** Throttles audit rows for live lists that refetch constantly (audit/view-window.ts). */
  viewAudits: ViewAuditWindow;
  /** Each service's board, built once per change and shared by every open screen. */
  boardCache: LiveCache<BoardSnapshot>;
  /** Session lookups kept for a second, dropped on every instance when sessions, people or roles change. */
  sessions: SessionCache;
  /** SMS and email (notify/notify.ts): console in development, GOV.UK Notify in production. */
  notifier: Notifier;
  /** Durable jobs and timers (jobs/jobs.ts): schedule in the same transaction as the change. */
  jobs: JobQueue;
}

/** The signed-in person behind a request. */
export interface Auth {
  user: User;
  session: Session;
  memberships: Membership[];
  organisationId: string;
}

/** Who is acting, and from where: passed to service functions for audit rows. */
export interface Actor {
  userId: string | null;
  organisationId: string | null;
  source: string | null;
  requestId: string | null;
}

export type AppInstance = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every API route declares who may call it; a route without it is refused. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: Auth | null;
    /** Raw session token from the cookie (never logged). */
    sessionToken: string | null;
  }
  interface FastifyInstance {
    deps: Deps;
  }
}

export const actorOf = (request: FastifyRequest): Actor => ({
  userId: request.auth?.user.id ?? null,
  organisationId: request.auth?.organisationId ?? null,
  source: request.ip,
  requestId: request.id,
});

/** The signed-in person; the access hook guarantees it on non-public routes. */
export function authOf(request: FastifyRequest): Auth {
  if (!request.auth) throw new Error('authOf called on a route without a session');
  return request.auth;
}

export function auditInput(actor: Actor, input: Omit<AuditInput, 'organisationId' | 'actorUserId' | 'source' | 'requestId'> & { organisationId?: string | null }): AuditInput {
  return {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    source: actor.source,
    requestId: actor.requestId,
    ...input,
  };
}

export type { DbOrTrx, FastifyReply, FastifyRequest };
