import { z } from 'zod';
import { ALERT_EVENT_NAME, AlertAcknowledge, AlertReply, AlertsOut, AlertsQuery, type AlertsEvent } from '../../../shared/alerts.js';
import { sessionIsLive } from '../../auth/sessions.js';
import { nowIso } from '../../db/values.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { acknowledgeAlert, alertsTopic, listMyAlerts, listServiceAlerts, registerAlertJobs } from './service.js';

const AlertParams = z.object({ serviceId: IdParam, alertId: IdParam });

/** Alert stream timings (as the board's; tests may shorten the heartbeat). */
export const alertStreamSettings = { heartbeatMs: 15_000, retryMs: 2000 };

export default async function alertRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['alerts'];
  registerAlertJobs(deps);
  /** Open alert streams, ended when the app closes so shutdown never waits on them. */
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  app.get(
    '/api/v1/alerts/mine',
    {
      config: { access: { kind: 'self' } },
      schema: { tags, summary: 'Open alerts you must act on, in every service (every open staff page shows these)', response: { 200: AlertsOut } },
    },
    async (request) => listMyAlerts(deps, authOf(request)),
  );

  app.get(
    '/api/v1/alerts/events',
    {
      config: { access: { kind: 'self' } },
      schema: {
        tags,
        summary: 'Server-sent events: `event: alerts` on connect and whenever an alert for you is raised, reminded or acknowledged (then fetch /api/v1/alerts/mine)',
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
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
        'x-accel-buffering': 'no',
      });
      raw.write(`retry: ${alertStreamSettings.retryMs}\n\n`);

      let open = true;
      let off: (() => void) | null = null;
      const send = () => {
        if (!open) return;
        const data: AlertsEvent = { at: nowIso(deps.clock) };
        raw.write(`event: ${ALERT_EVENT_NAME}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const end = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        off?.();
        streams.delete(end);
        raw.end();
      };
      // Each heartbeat also checks the session is still live: a signed-out or disabled person stops receiving.
      const heartbeat = setInterval(() => {
        if (!open) return;
        raw.write(': heartbeat\n\n');
        void (async () => {
          const session = await deps.db.selectFrom('sessions').selectAll().where('id', '=', auth.session.id).executeTakeFirst();
          const user = await deps.db.selectFrom('users').select('disabled_at').where('id', '=', auth.user.id).executeTakeFirst();
          const live = session && sessionIsLive(session, { idleMs: deps.config.sessionIdleMs, absoluteMs: deps.config.sessionAbsoluteMs, clock: deps.clock }) && user && !user.disabled_at;
          if (!live) end();
        })().catch(() => undefined);
      }, alertStreamSettings.heartbeatMs);
      heartbeat.unref();
      streams.add(end);
      request.raw.on('close', end);
      raw.on('error', end);

      off = await deps.realtime.subscribe(alertsTopic(auth.user.id), send);
      if (!open) off();
      // One event at once: a (re)connecting page always fetches the current alerts.
      send();
    },
  );

  app.get(
    '/api/v1/services/:serviceId/alerts',
    {
      config: { access: { kind: 'action', action: 'alert.read' } },
      schema: { tags, summary: "A service's alerts for the board: open ones (oldest first), or the latest 100 with `status=all`", params: ServiceParams, querystring: AlertsQuery, response: { 200: AlertsOut } },
    },
    async (request) => listServiceAlerts(deps, actorOf(request), authOf(request), request.params.serviceId, request.query),
  );

  app.post(
    '/api/v1/services/:serviceId/alerts/:alertId/acknowledge',
    {
      config: { access: { kind: 'action', action: 'alert.acknowledge' } },
      schema: {
        tags,
        summary: 'Say you have it, with a note: reminders stop (a lone-working alarm offers everyone involved a debrief). Already acknowledged: 409 with who and when',
        params: AlertParams,
        body: AlertAcknowledge,
        response: { 200: AlertReply },
      },
    },
    async (request) => acknowledgeAlert(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.alertId, request.body),
  );
}
