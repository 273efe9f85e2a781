import { z } from 'zod';
import { ALERT_EVENT_NAME, AlertAcknowledge, AlertReply, AlertsOut, AlertsQuery, type AlertsEvent } from '../../../shared/alerts.js';
import { nowIso } from '../../db/values.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { serveEventStream, trackEventStreams } from '../../realtime/event-stream.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { acknowledgeAlert, alertsTopic, listMyAlerts, listServiceAlerts, registerAlertJobs } from './service.js';

const AlertParams = z.object({ serviceId: IdParam, alertId: IdParam });

/** Alert stream timings (as the board's; tests may shorten the heartbeat). */
export const alertStreamSettings = { heartbeatMs: 15_000, retryMs: 2000 };

export default async function alertRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['alerts'];
  registerAlertJobs(deps);
  const streams = trackEventStreams(app);

  app.get(
    '/api/v1/alerts/mine',
    {
      config: { access: { kind: 'self' } },
      schema: { tags, summary: 'Open alerts you must act on, in every service (every open staff page shows these)', response: { 200: AlertsOut } },
    },
    async (request) => listMyAlerts(deps, actorOf(request), authOf(request)),
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
      return serveEventStream(deps, auth, request, reply, {
        streams,
        settings: alertStreamSettings,
        topic: alertsTopic(auth.user.id),
        event: ALERT_EVENT_NAME,
        data: (): AlertsEvent => ({ at: nowIso(deps.clock) }),
      });
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
