import { z } from 'zod';
import { BOARD_EVENT_NAME, BoardOut, type BoardEvent } from '../../../shared/board.js';
import { CallbackPatch, CallbackReply, ShiftReply } from '../../../shared/contacts.js';
import { nowIso } from '../../db/values.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { serveEventStream, trackEventStreams } from '../../realtime/event-stream.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { assertServiceOfOrganisation } from '../contacts/service.js';
import { endShift, getBoardJson, startShift, updateCallback } from './service.js';

const CallbackParams = z.object({ serviceId: IdParam, callbackId: IdParam });
/** Shift start and end take no body; an empty JSON object is fine. */
const NoBody = z.strictObject({}).nullish();

/** Board stream timings (tests shorten the heartbeat). */
export const boardStreamSettings = { heartbeatMs: 15_000, retryMs: 2000 };

export default async function boardRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const base = '/api/v1/services/:serviceId';
  const streams = trackEventStreams(app);

  app.get(
    `${base}/board`,
    {
      config: { access: { kind: 'action', action: 'board.read' } },
      schema: { tags: ['board'], summary: 'The live board: here now or waiting, call backs, staff on shift, open alerts', params: ServiceParams, response: { 200: BoardOut } },
    },
    async (request, reply) => {
      const json = await getBoardJson(deps, actorOf(request), authOf(request), request.params.serviceId);
      // Already checked against BoardOut when it was built (getBoardJson); Fastify sends a JSON
      // string as it is, so the schema stays for the API description without a second check.
      return reply.type('application/json; charset=utf-8').send(json as unknown as BoardOut);
    },
  );

  app.get(
    `${base}/board/events`,
    {
      config: { access: { kind: 'action', action: 'board.read' } },
      schema: {
        tags: ['board'],
        summary: 'Server-sent events: `event: board` on connect and whenever the board changes (then fetch the board again)',
        params: ServiceParams,
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { serviceId } = request.params;
      await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
      return serveEventStream(deps, auth, request, reply, {
        streams,
        settings: boardStreamSettings,
        topic: serviceId,
        event: BOARD_EVENT_NAME,
        data: (): BoardEvent => ({ serviceId, at: nowIso(deps.clock) }),
      });
    },
  );

  app.post(
    `${base}/shifts/start`,
    {
      config: { access: { kind: 'action', action: 'shift.manage' } },
      schema: { tags: ['board'], summary: 'Start your own shift (starting again answers the shift already running)', params: ServiceParams, body: NoBody, response: { 200: ShiftReply } },
    },
    async (request) => startShift(deps, actorOf(request), authOf(request), request.params.serviceId),
  );

  app.post(
    `${base}/shifts/end`,
    {
      config: { access: { kind: 'action', action: 'shift.manage' } },
      schema: { tags: ['board'], summary: 'End your own shift (`shift` is null when none was running)', params: ServiceParams, body: NoBody, response: { 200: ShiftReply } },
    },
    async (request) => endShift(deps, actorOf(request), authOf(request), request.params.serviceId),
  );

  app.patch(
    `${base}/callbacks/:callbackId`,
    {
      config: { access: { kind: 'action', action: 'callback.update' } },
      schema: { tags: ['board'], summary: 'Move a call back request on: waiting → in progress (you) → done or could not reach', params: CallbackParams, body: CallbackPatch, response: { 200: CallbackReply } },
    },
    async (request) => updateCallback(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.callbackId, request.body),
  );
}
