import { z } from 'zod';
import {
  CheckinCreate,
  CheckinReply,
  CheckinsOut,
  CheckinsQuery,
  ShareCandidatesOut,
  ShareCreate,
  SharedItemOut,
  SharedWithMeOut,
  ShareOut,
  WellbeingPlanOut,
  WellbeingPlanPut,
} from '../../../shared/wellbeing.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam } from '../services/routes.js';
import {
  deleteCheckin,
  getPlan,
  listCheckins,
  listShareCandidates,
  listSharedWithMe,
  readSharedItem,
  recordCheckin,
  revokeShare,
  savePlan,
  shareCheckin,
  sharePlan,
} from './service.js';

/**
 * Staff wellbeing (issue 7): a worker's own check-ins, check-outs and wellbeing plan, under
 * /api/v1/me (never a user id for "whose"), and what colleagues chose to share with them.
 */
export default async function wellbeingRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['wellbeing'];

  app.post(
    '/api/v1/me/checkins',
    {
      config: { access: { kind: 'action', action: 'wellbeing.checkin' } },
      schema: {
        tags,
        summary: 'Check in or out: a 1–5 scale, your own words and/or "it was a hard shift". After a hard shift, a check-out that reads as "fine" may come back with one gentle `askAgain`; send the answer with `followsUpId`',
        body: CheckinCreate,
        response: { 201: CheckinReply },
      },
    },
    async (request, reply) => reply.code(201).send(await recordCheckin(deps, actorOf(request), authOf(request), request.body)),
  );

  app.get(
    '/api/v1/me/checkins',
    {
      config: { access: { kind: 'action', action: 'wellbeing.checkin' } },
      schema: { tags, summary: 'Your own check-ins and check-outs, newest first (`?before=<id>&limit=`)', querystring: CheckinsQuery, response: { 200: CheckinsOut } },
    },
    async (request) => listCheckins(deps, authOf(request), request.query),
  );

  app.delete(
    '/api/v1/me/checkins/:checkinId',
    {
      config: { access: { kind: 'action', action: 'wellbeing.checkin' } },
      schema: { tags, summary: 'Delete one of your own entries (its shares end with it)', params: z.object({ checkinId: IdParam }) },
    },
    async (request, reply) => {
      await deleteCheckin(deps, actorOf(request), authOf(request), request.params.checkinId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/me/checkins/:checkinId/shares',
    {
      config: { access: { kind: 'action', action: 'wellbeing.share' } },
      schema: { tags, summary: 'Share one of your entries with one named colleague from your service (see share-candidates)', params: z.object({ checkinId: IdParam }), body: ShareCreate, response: { 201: ShareOut } },
    },
    async (request, reply) => reply.code(201).send(await shareCheckin(deps, actorOf(request), authOf(request), request.params.checkinId, request.body.sharedWithUserId)),
  );

  app.get(
    '/api/v1/me/wellbeing-plan',
    {
      config: { access: { kind: 'action', action: 'wellbeing.plan' } },
      schema: { tags, summary: 'Your wellbeing plan for work (version 0 and empty sections before you first save it)', response: { 200: WellbeingPlanOut } },
    },
    async (request) => getPlan(deps, authOf(request)),
  );

  app.put(
    '/api/v1/me/wellbeing-plan',
    {
      config: { access: { kind: 'action', action: 'wellbeing.plan' } },
      schema: { tags, summary: 'Save your wellbeing plan; send the version you started from (0 for a new plan); a stale one is a 409 with both versions', body: WellbeingPlanPut, response: { 200: WellbeingPlanOut } },
    },
    async (request) => savePlan(deps, actorOf(request), authOf(request), request.body),
  );

  app.post(
    '/api/v1/me/wellbeing-plan/shares',
    {
      config: { access: { kind: 'action', action: 'wellbeing.share' } },
      schema: { tags, summary: 'Share your wellbeing plan with one named colleague from your service', body: ShareCreate, response: { 201: ShareOut } },
    },
    async (request, reply) => reply.code(201).send(await sharePlan(deps, actorOf(request), authOf(request), request.body.sharedWithUserId)),
  );

  app.delete(
    '/api/v1/me/wellbeing-shares/:shareId',
    {
      config: { access: { kind: 'action', action: 'wellbeing.share' } },
      schema: { tags, summary: 'Stop sharing: the colleague can no longer see it, at once', params: z.object({ shareId: IdParam }) },
    },
    async (request, reply) => {
      await revokeShare(deps, actorOf(request), authOf(request), request.params.shareId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/me/share-candidates',
    {
      config: { access: { kind: 'action', action: 'wellbeing.share' } },
      schema: { tags, summary: 'Who you may share with: shift leads, managers and senior peers in your services, and your supervisors', response: { 200: ShareCandidatesOut } },
    },
    async (request) => listShareCandidates(deps, authOf(request)),
  );

  app.get(
    '/api/v1/me/shared-with-me',
    {
      config: { access: { kind: 'action', action: 'wellbeing.read_shared' } },
      schema: { tags, summary: 'What colleagues have shared with you, while the share lasts (who and what; open one to read it)', response: { 200: SharedWithMeOut } },
    },
    async (request) => listSharedWithMe(deps, authOf(request)),
  );

  app.get(
    '/api/v1/me/shared-with-me/:shareId',
    {
      config: { access: { kind: 'action', action: 'wellbeing.read_shared' } },
      schema: { tags, summary: 'Read one thing a colleague shared with you (audited); 404 once they stop sharing', params: z.object({ shareId: IdParam }), response: { 200: SharedItemOut } },
    },
    async (request) => readSharedItem(deps, actorOf(request), authOf(request), request.params.shareId),
  );
}
