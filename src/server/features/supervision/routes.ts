import { z } from 'zod';
import { MySupervisionOut, OverdueOut, RecordCreate, RecordReply, RhythmReply, RhythmSet, RhythmsOut, SupervisingOut } from '../../../shared/supervision.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { listRhythms, listSupervising, mySupervision, overdueView, recordSession, registerSupervisionJobs, setRhythm } from './service.js';

const SuperviseeParams = z.object({ userId: IdParam });

export default async function supervisionRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['supervision'];
  registerSupervisionJobs(deps);

  app.get(
    '/api/v1/services/:serviceId/supervision/rhythms',
    {
      config: { access: { kind: 'action', action: 'supervision.rhythm' } },
      schema: { tags, summary: 'Each worker’s supervision rhythm per layer in the service, and the colleagues who can be named as supervisor', params: ServiceParams, response: { 200: RhythmsOut } },
    },
    async (request) => listRhythms(deps, authOf(request), request.params.serviceId),
  );

  app.put(
    '/api/v1/services/:serviceId/supervision/rhythms',
    {
      config: { access: { kind: 'action', action: 'supervision.rhythm' } },
      schema: { tags, summary: 'Set one worker’s rhythm for one layer: every 7–365 days, with whom (everyDays null stops it); reminders follow', params: ServiceParams, body: RhythmSet, response: { 200: RhythmReply } },
    },
    async (request) => setRhythm(deps, actorOf(request), authOf(request), request.params.serviceId, request.body),
  );

  app.get(
    '/api/v1/services/:serviceId/supervision/overdue',
    {
      config: { access: { kind: 'action', action: 'supervision.overdue' } },
      schema: { tags, summary: 'Who is overdue or due soon, per worker per layer: dates only, never themes or actions', params: ServiceParams, response: { 200: OverdueOut } },
    },
    async (request) => overdueView(deps, actorOf(request), authOf(request), request.params.serviceId),
  );

  app.get(
    '/api/v1/me/supervision',
    {
      config: { access: { kind: 'action', action: 'supervision.own' } },
      schema: { tags, summary: 'Your supervision layers (how often, with whom, last held, next due) and your records', response: { 200: MySupervisionOut } },
    },
    async (request) => mySupervision(deps, authOf(request)),
  );

  app.post(
    '/api/v1/me/supervision/records',
    {
      config: { access: { kind: 'action', action: 'supervision.own' } },
      schema: { tags, summary: 'Record a supervision session you had: the date (not in the future), themes and agreed actions', body: RecordCreate, response: { 201: RecordReply } },
    },
    async (request, reply) => reply.code(201).send(await recordSession(deps, actorOf(request), authOf(request), null, request.body)),
  );

  app.get(
    '/api/v1/me/supervising',
    {
      config: { access: { kind: 'action', action: 'supervision.supervise' } },
      schema: { tags, summary: 'The people you supervise, per layer, with when they are due and the records of your sessions (audited)', response: { 200: SupervisingOut } },
    },
    async (request) => listSupervising(deps, actorOf(request), authOf(request)),
  );

  app.post(
    '/api/v1/me/supervising/:userId/records',
    {
      config: { access: { kind: 'action', action: 'supervision.supervise' } },
      schema: { tags, summary: 'Record a session with someone you supervise (their rhythm must name you)', params: SuperviseeParams, body: RecordCreate, response: { 201: RecordReply } },
    },
    async (request, reply) => reply.code(201).send(await recordSession(deps, actorOf(request), authOf(request), request.params.userId, request.body)),
  );
}
