import { GroupOptionsOut, GroupSessionInput, GroupSessionOut, GroupSessionParams, GroupSessionsOut, GroupSessionUpdate } from '../../../shared/reflective-groups.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { ServiceParams } from '../services/routes.js';
import { createGroupSession, getGroupSession, groupOptions, listGroupSessions, updateGroupSession } from './service.js';

const BASE = '/api/v1/services/:serviceId/reflective-groups';
const read = { access: { kind: 'action', action: 'reflective_group.read' } } as const;
const record = { access: { kind: 'action', action: 'reflective_group.record' } } as const;

/** Reflective practice group sessions of a service. */
export default async function reflectiveGroupRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['reflective groups'];

  app.get(BASE, { config: read, schema: { tags, summary: 'The service’s group sessions, newest first, with facilitator, attendance, themes and learning', params: ServiceParams, response: { 200: GroupSessionsOut } } }, async (request) =>
    listGroupSessions(deps, authOf(request), request.params.serviceId),
  );

  app.get(`${BASE}/options`, { config: read, schema: { tags, summary: 'For the session form: teams, staff (and who may facilitate), whether you may record', params: ServiceParams, response: { 200: GroupOptionsOut } } }, async (request) =>
    groupOptions(deps, authOf(request), request.params.serviceId),
  );

  app.get(`${BASE}/:sessionId`, { config: read, schema: { tags, summary: 'One group session', params: GroupSessionParams, response: { 200: GroupSessionOut } } }, async (request) =>
    getGroupSession(deps, authOf(request), request.params.serviceId, request.params.sessionId),
  );

  app.post(
    BASE,
    {
      config: record,
      schema: { tags, summary: 'Record a session (or plan one for a later date). Notes that look like an NHS number, phone number or someone’s name are refused with 400 identifiers_found', params: ServiceParams, body: GroupSessionInput, response: { 201: GroupSessionOut } },
    },
    async (request, reply) => reply.code(201).send(await createGroupSession(deps, actorOf(request), authOf(request), request.params.serviceId, request.body)),
  );

  app.patch(
    `${BASE}/:sessionId`,
    { config: record, schema: { tags, summary: 'Change a session (its facilitator or a manager; send the version; a stale one is a 409)', params: GroupSessionParams, body: GroupSessionUpdate, response: { 200: GroupSessionOut } } },
    async (request) => updateGroupSession(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.sessionId, request.body),
  );
}
