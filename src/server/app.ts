import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { isAllowed } from './access/policies.js';
import { recordAudit } from './audit/audit.js';
import { loadSecretKey } from './auth/secrets.js';
import { loadSession, sessionCookieName, sessionStillGood } from './auth/sessions.js';
import { createSessionCache } from './auth/session-cache.js';
import type { Config } from './config.js';
import { checkPostgresDurability, openDatabase, refreshSqliteStatistics, type OpenDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { AppError, type ErrorBody } from './http/errors.js';
import type { AppInstance, Deps } from './http/context.js';
import { createMetrics } from './http/metrics.js';
import { registerIdempotency } from './http/idempotency.js';
import { securityHeaders } from './http/security-headers.js';
import { registerFeatures } from './features/index.js';
import { createRealtime, type Realtime } from './realtime/index.js';
import type { BoardSnapshot } from './features/board/service.js';
import { createLiveCache } from './realtime/live-cache.js';
import { createNotifier, type Notifier } from './notify/notify.js';
import { createJobQueue } from './jobs/jobs.js';
import { createViewAuditWindow, VIEW_AUDIT_WINDOW_MS } from './audit/view-window.js';

export interface BuildOptions {
  /** An already-open database (tests share one per file); otherwise opened from config. */
  database?: OpenDatabase;
  /** A controllable clock for tests. */
  clock?: () => number;
  /** Leave the database open when the app closes (the caller owns it). */
  keepDatabaseOpen?: boolean;
  /** Called for every route as it is registered (the access tests collect them). */
  onRoute?: (route: RouteOptions) => void;
  /** A notifier that writes somewhere else than standard output (tests). */
  notifier?: Notifier;
  /** Run due jobs in the background (the server does; tests call deps.jobs.runDue themselves). */
  runJobs?: boolean;
  /** Where log lines go instead of standard output (tests that check logs carry no personal data). */
  logStream?: { write(line: string): void };
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Every route that changes sessions, people's accounts or their roles (sign-out, account,
 * users and memberships, invitations, setup). A new route that changes any of them must live
 * under one of these, or cached sessions would stay up to a second old. Signing in only adds
 * a session (nothing cached can be about it), and it reads the person afresh.
 */
const SESSION_CHANGING_ROUTES = /^\/api\/v1\/(auth\/logout|account|users|invitations|setup)(\/|\?|$)/;

/** Request URLs are logged without query strings or one-time tokens. */
export function safeUrlForLogs(url: string): string {
  return url.split('?')[0]!.replace(/\/(invitations|setup)\/[^/]+/g, '/$1/:token');
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function fieldErrors(error: FastifyError): Record<string, string> {
  const fields: Record<string, string> = {};
  if (hasZodFastifySchemaValidationErrors(error)) {
    for (const issue of error.validation) {
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      if (issue.keyword === 'unrecognized_keys') {
        // Unknown fields are refused by name, so the sender can see what to remove.
        for (const key of (issue.params as { keys?: string[] }).keys ?? []) fields[path ? `${path}.${key}` : key] ??= 'This field is not expected here.';
        continue;
      }
      const message = /received undefined/.test(issue.message ?? '') ? 'This is required.' : (issue.message ?? 'This is not valid.');
      fields[path || '(request)'] ??= message;
    }
  }
  return fields;
}

/** Builds the whole Fastify app from a Config. No globals: tests build many apps at once. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<AppInstance> {
  const database = options.database ?? openDatabase(config.database);
  if (database.engine === 'postgres') {
    const problems = await checkPostgresDurability(database.db);
    if (problems.length) throw new Error(`PostgreSQL could lose acknowledged writes: ${problems.join('; ')}`);
  }
  await migrateToLatest(database.db, database.engine);
  const secretKey = await loadSecretKey(database.db, config.secretKey);
  const clock = options.clock ?? Date.now;
  const fanOut = createRealtime(database.engine === 'postgres' && config.database.kind === 'postgres' ? { engine: 'postgres', url: config.database.url, db: database.db } : { engine: 'sqlite' });
  const boardCache = createLiveCache<BoardSnapshot>(fanOut, clock);
  // A change drops this instance's cached board at once, before its answer goes back: the
  // person who made it never reads the board from before it. Other instances drop theirs
  // when the notification reaches them (realtime/live-cache.ts).
  const realtime: Realtime = {
    ...fanOut,
    publish: async (serviceId, detail) => {
      boardCache.invalidate(serviceId);
      await fanOut.publish(serviceId, detail);
    },
  };
  const jobLog: { current?: FastifyBaseLogger } = {};
  const deps: Deps = {
    config,
    db: database.db,
    engine: database.engine,
    secretKey,
    clock,
    audit: { engine: database.engine, secretKey, clock },
    viewAudits: createViewAuditWindow(VIEW_AUDIT_WINDOW_MS, clock),
    realtime,
    boardCache,
    sessions: createSessionCache(fanOut, clock),
    notifier: options.notifier ?? createNotifier(config.notify, secretKey, clock),
    // Failures are logged by job id, kind and error code only (never payloads or messages).
    jobs: createJobQueue({ db: database.db, engine: database.engine, clock, onError: (info) => jobLog.current?.warn(info, info.gaveUp ? 'job failed for good' : 'job failed; will retry') }),
  };

  const app = Fastify({
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // Request ids need no time order: randomUUID is much cheaper than a UUIDv7 here.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Logs never carry personal data: no cookies, tokens, bodies or query strings.
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: safeUrlForLogs(req.url), id: req.id }),
      },
    },
    ajv: { customOptions: { removeAdditional: false } },
    // Router-level refusals (a malformed or over-long address) in the one error shape, without echoing the address.
    frameworkErrors: (error, _request, reply) => {
      const long = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body: ErrorBody = { error: { code: long ? 'address_too_long' : 'bad_address', message: long ? 'That address is too long.' : 'That address is not valid.' } };
      void (reply as unknown as FastifyReply).code(long ? 414 : 400).header('cache-control', 'no-store').type('application/json').send(body);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API takes JSON only: without this, text/plain bodies (which a cross-site form can send) reach validation.
  app.removeContentTypeParser('text/plain');
  if (options.onRoute) {
    const onRoute = options.onRoute;
    app.addHook('onRoute', (route) => onRoute(route as unknown as RouteOptions));
  }
  app.decorate('deps', deps);
  jobLog.current = app.log;
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionToken', null);

  const metrics = createMetrics();
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime);
  });

  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request: FastifyRequest) => !request.url.startsWith('/api/'),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: { code: 'rate_limited', message: `Too many requests. Please wait ${Math.ceil(context.ttl / 1000)} seconds and try again.` },
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Alongside API', version: '1', description: 'The staff API of Alongside. Every route needs a session cookie and, for changes, the X-CSRF-Token header, unless marked public.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(config.secureCookies) } } },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers);
    reply.header('x-request-id', request.id);
  });

  // Who is asking, and may they? Runs before validation, so a refused request is
  // refused the same way whatever its body says.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    const isApi = request.url.startsWith('/api/');
    if (!access) {
      if (isApi && !request.is404) throw new AppError(403, 'no_policy', 'This route has no access policy, so it is closed.');
      return;
    }
    if (access.kind === 'public') return;

    const token = request.cookies[sessionCookieName(config.secureCookies)];
    const times = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs, clock };
    const loaded = token ? await deps.sessions.get(token, () => loadSession(deps.db, token, times), (cached) => sessionStillGood(cached, times)) : null;
    if (!loaded) throw new AppError(401, 'not_signed_in', 'Your session has ended. Please sign in again.');
    request.auth = { ...loaded, organisationId: loaded.user.organisation_id };
    request.sessionToken = token ?? null;

    if (UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, loaded.session.csrf_token)) {
        await recordAudit(deps.db, deps.audit, { organisationId: loaded.user.organisation_id, actorUserId: loaded.user.id, action: 'access.csrf', outcome: 'denied', source: request.ip, requestId: request.id, details: { route: request.routeOptions.url } });
        throw new AppError(403, 'csrf', 'This request was missing its security token. Reload the page and try again.');
      }
    }
    if (loaded.session.stage === 'enrol_mfa' && access.kind !== 'self-enrolling') {
      throw new AppError(403, 'mfa_enrolment_required', 'Set up your second factor (an authenticator app) before you carry on.');
    }
    if (access.kind === 'action') {
      const serviceId = (request.params as Record<string, string | undefined>)?.serviceId;
      if (!isAllowed(access.action, loaded.memberships, serviceId)) {
        await recordAudit(deps.db, deps.audit, {
          organisationId: loaded.user.organisation_id,
          actorUserId: loaded.user.id,
          action: access.action,
          outcome: 'denied',
          source: request.ip,
          requestId: request.id,
          details: { route: request.routeOptions.url, method: request.method },
        });
        throw new AppError(403, 'forbidden', 'You do not have access to this.');
      }
    }
  });

  registerIdempotency(app as unknown as AppInstance);

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    // A change to sessions, people or their roles drops every instance's cached sessions
    // before its answer goes back (auth/session-cache.ts, docs/decisions.md 22).
    if (UNSAFE_METHODS.has(request.method) && reply.statusCode < 400 && SESSION_CHANGING_ROUTES.test(request.url)) await deps.sessions.changed();
    return payload;
  });

  app.setErrorHandler<FastifyError>((error, request, reply) => {
    let status = 500;
    let body: ErrorBody;
    if (error instanceof AppError) {
      status = error.statusCode;
      body = error.toBody();
      if (status === 429 && typeof error.extra?.retryAfterSeconds === 'number') reply.header('retry-after', String(error.extra.retryAfterSeconds));
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      status = 400;
      const fields = fieldErrors(error);
      body = { error: { code: 'invalid_input', message: 'Some of what was sent is not valid. Check the fields listed.', fields } };
    } else if (isResponseSerializationError(error)) {
      request.log.error({ err: { message: error.message, code: error.code } }, 'response did not match its schema');
      body = { error: { code: 'server_error', message: 'Something went wrong on our side. It has been logged; please try again.' } };
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      const code = status === 429 ? 'rate_limited' : (error.code ?? 'bad_request').toLowerCase();
      const message = status === 413 ? 'What was sent is too large.' : status === 415 ? 'Send JSON with Content-Type: application/json.' : status === 429 ? error.message : 'The request could not be read. Check it is valid JSON.';
      body = { error: { code, message } };
    } else {
      request.log.error({ err: { message: error.message, code: error.code, stack: error.stack } }, 'unhandled error');
      body = { error: { code: 'server_error', message: 'Something went wrong on our side. It has been logged; please try again.' } };
    }
    return reply.code(status).type('application/json').send(body);
  });

  // Operational routes: no personal data, no session.
  app.get('/healthz', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () => {
    await database.db.selectFrom('app_meta').select('key').limit(1).execute();
    return { status: 'ok', database: database.engine };
  });
  let shuttingDown = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  app.get('/readyz', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async (_request, reply) => {
    if (shuttingDown) return reply.code(503).send({ status: 'shutting_down' });
    await database.db.selectFrom('app_meta').select('key').limit(1).execute();
    return { status: 'ready' };
  });
  app.get('/metrics', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async (request, reply) => {
    if (config.metricsToken && request.headers.authorization !== `Bearer ${config.metricsToken}`) {
      return reply.code(401).send({ error: { code: 'not_signed_in', message: 'Metrics need a token.' } });
    }
    return reply.type(metrics.contentType).send(await metrics.render());
  });
  app.get('/api/v1/openapi.json', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () => app.swagger());

  await registerFeatures(app);

  // The staff web app, built by Vite into dist/web.
  const webRoot = config.webRoot ?? join(process.cwd(), 'dist', 'web');
  const hasWeb = existsSync(join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/app/',
      index: 'index.html',
      // Files are looked up per request (not listed once at start), so a rebuilt web app is
      // served without restarting; missing files fall through to the not-found handler.
      wildcard: true,
      // In @fastify/static 10 this receives the reply. Hashed assets never change; the rest is revalidated.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.includes(`${join('assets', '')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.get('/app', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));
  app.get('/', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/app/') && hasWeb && (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/app/assets/')) {
      // Client-side routes: the web app decides what to show (including its own not-found page).
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webRoot);
    }
    if (request.url.startsWith('/api/') || !(request.headers.accept ?? '').includes('text/html')) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'There is nothing at this address.' } });
    }
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Page not found – Alongside</title></head><body><main><h1>Page not found</h1><p>There is nothing at this address. <a href="/app/">Go to Alongside</a>.</p></main></body></html>');
  });

  // Keep SQLite's planner statistics fresh as data grows (see refreshSqliteStatistics).
  const statistics = database.sqlite ? setInterval(() => refreshSqliteStatistics(database.sqlite!), 6 * 3_600_000) : undefined;
  statistics?.unref();

  if (options.runJobs) app.addHook('onListen', () => deps.jobs.start());

  app.addHook('onClose', async () => {
    if (statistics) clearInterval(statistics);
    await deps.jobs.stop();
    deps.boardCache.close();
    deps.sessions.close();
    await deps.realtime.close();
    if (!options.keepDatabaseOpen) await database.close();
  });

  await app.ready();
  return app as unknown as AppInstance;
}
