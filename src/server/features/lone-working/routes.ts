import { z } from 'zod';
import { DuressCodeOut, DuressCodeSet, HelpNow, HelpNowReply, VisitCancel, VisitExtend, VisitNoBody, VisitReply, VisitsOut, VisitStart } from '../../../shared/lone-working.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import {
  cancelOwnVisit,
  checkInVisit,
  endOwnVisit,
  extendOwnVisit,
  getDuressCode,
  listMyVisits,
  listServiceVisits,
  registerVisitJobs,
  requestHelp,
  setDuressCode,
  startVisit,
} from './service.js';

const VisitParams = z.object({ serviceId: IdParam, visitId: IdParam });
const BASE = '/api/v1/services/:serviceId/visits';

export default async function loneWorkingRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['lone working'];
  registerVisitJobs(deps);

  app.post(
    BASE,
    {
      config: { access: { kind: 'action', action: 'visit.own' } },
      schema: { tags, summary: 'Start a lone visit: where, when you expect to be done, and your contact; the server keeps the timer', params: ServiceParams, body: VisitStart, response: { 201: VisitReply } },
    },
    async (request, reply) => reply.code(201).send(await startVisit(deps, actorOf(request), authOf(request), request.params.serviceId, request.body)),
  );

  app.get(
    `${BASE}/mine`,
    {
      config: { access: { kind: 'action', action: 'visit.own' } },
      schema: { tags, summary: 'Your visits under way in this service, with what happens next and when', params: ServiceParams, response: { 200: VisitsOut } },
    },
    async (request) => listMyVisits(deps, authOf(request), request.params.serviceId),
  );

  app.get(
    BASE,
    {
      config: { access: { kind: 'action', action: 'visit.read' } },
      schema: { tags, summary: 'Every visit under way in the service, soonest due first (audited)', params: ServiceParams, response: { 200: VisitsOut } },
    },
    async (request) => listServiceVisits(deps, actorOf(request), authOf(request), request.params.serviceId),
  );

  app.post(
    `${BASE}/:visitId/check-in`,
    {
      config: { access: { kind: 'action', action: 'visit.own' } },
      schema: { tags, summary: 'Check in: "I am all right". After the expected end it stops the timer; an alert already raised stays until acknowledged', params: VisitParams, body: VisitNoBody, response: { 200: VisitReply } },
    },
    async (request) => checkInVisit(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.visitId),
  );

  app.post(
    `${BASE}/:visitId/extend`,
    {
      config: { access: { kind: 'action', action: 'visit.own' } },
      schema: { tags, summary: 'Extend: a new expected end (counts as a check-in); the timer starts again for it', params: VisitParams, body: VisitExtend, response: { 200: VisitReply } },
    },
    async (request) => extendOwnVisit(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.visitId, request.body),
  );

  app.post(
    `${BASE}/:visitId/end`,
    {
      config: { access: { kind: 'action', action: 'visit.own' } },
      schema: { tags, summary: 'End the visit: you are done and safe; the timer stops', params: VisitParams, body: VisitNoBody, response: { 200: VisitReply } },
    },
    async (request) => endOwnVisit(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.visitId),
  );

  app.post(
    `${BASE}/:visitId/cancel`,
    {
      config: { access: { kind: 'action', action: 'visit.own' } },
      schema: { tags, summary: 'Cancel the visit, typing your code to confirm', params: VisitParams, body: VisitCancel, response: { 200: VisitReply } },
    },
    async (request) => cancelOwnVisit(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.visitId, request.body),
  );

  app.post(
    '/api/v1/services/:serviceId/help-now',
    {
      config: { access: { kind: 'action', action: 'help.request' } },
      schema: { tags, summary: 'I need help now: an alert at once to the shift lead, the service manager and (on a visit) your contact', params: ServiceParams, body: HelpNow, response: { 200: HelpNowReply } },
    },
    async (request) => requestHelp(deps, actorOf(request), authOf(request), request.params.serviceId, request.body),
  );

  app.get(
    '/api/v1/lone-working/duress-code',
    {
      config: { access: { kind: 'self' } },
      schema: { tags, summary: 'Whether you have set a safety (duress) code, and when (never the code)', response: { 200: DuressCodeOut } },
    },
    async (request) => getDuressCode(deps, authOf(request)),
  );

  app.put(
    '/api/v1/lone-working/duress-code',
    {
      config: { access: { kind: 'action', action: 'duress_code.set' } },
      schema: { tags, summary: 'Set or change your own safety (duress) code: 4 to 8 numbers, stored only as a keyed digest', body: DuressCodeSet, response: { 200: DuressCodeOut } },
    },
    async (request) => setDuressCode(deps, actorOf(request), authOf(request), request.body),
  );
}
