import { z } from 'zod';
import {
  PlanAgree,
  PlanCompareOut,
  PlanCreate,
  PlanOut,
  PlanReportOut,
  PlanReview,
  PlanVersionOut,
  PlanVersionPatch,
  PlanViewsOut,
  ShareCreate,
  ShareOut,
  SharePatch,
} from '../../../shared/plans.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam } from '../services/routes.js';
import {
  agreeInPerson,
  compareVersions,
  createPlan,
  createShare,
  listViews,
  planReport,
  readPlan,
  readVersion,
  reviewPlan,
  revokeShare,
  startDraft,
  updateDraft,
  updateShare,
} from './service.js';

const PersonParams = z.object({ personId: IdParam });
/** The version number stays text here: anything that is not a number answers 404, like an unknown id. */
const VersionParams = PersonParams.extend({ number: z.string().max(64) });
const ShareParams = PersonParams.extend({ shareId: IdParam });
/** Checked in the service after the plan is found, so another organisation's person is a 404 first. */
const CompareQuery = z.object({ from: z.string().max(20).optional(), to: z.string().max(20).optional() }).strict();
const Empty = z.object({}).strict();

const BASE = '/api/v1/people/:personId/plan';

export default async function planRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['plans'];
  const read = { access: { kind: 'action', action: 'plan.read' } } as const;
  const write = { access: { kind: 'action', action: 'plan.write' } } as const;
  const share = { access: { kind: 'action', action: 'plan.share' } } as const;

  app.get(
    BASE,
    { config: read, schema: { tags, summary: 'The person’s crisis plan: versions, draft, latest agreed, shares and links (audited; recorded as a view)', params: PersonParams, response: { 200: PlanOut } } },
    async (request) => readPlan(deps, actorOf(request), authOf(request), request.params.personId),
  );

  app.post(
    BASE,
    { config: write, schema: { tags, summary: 'Start a crisis plan with a first draft (409 plan_exists)', params: PersonParams, body: PlanCreate, response: { 201: PlanOut } } },
    async (request, reply) => reply.code(201).send(await createPlan(deps, actorOf(request), authOf(request), request.params.personId, request.body)),
  );

  app.get(
    `${BASE}/versions/:number`,
    { config: read, schema: { tags, summary: 'One version of the plan, older ones included (audited; recorded as a view)', params: VersionParams, response: { 200: PlanVersionOut } } },
    async (request) => readVersion(deps, actorOf(request), authOf(request), request.params.personId, request.params.number),
  );

  app.post(
    `${BASE}/drafts`,
    { config: write, schema: { tags, summary: 'A new draft, copied from the latest agreed version (409 draft_exists)', params: PersonParams, body: Empty, response: { 201: PlanVersionOut } } },
    async (request, reply) => reply.code(201).send(await startDraft(deps, actorOf(request), authOf(request), request.params.personId)),
  );

  app.patch(
    `${BASE}/versions/:number`,
    { config: write, schema: { tags, summary: 'Save a draft’s words (409 stale_version with both versions; 409 not_a_draft)', params: VersionParams, body: PlanVersionPatch, response: { 200: PlanVersionOut } } },
    async (request) => updateDraft(deps, actorOf(request), authOf(request), request.params.personId, request.params.number, request.body),
  );

  app.post(
    `${BASE}/versions/:number/agree`,
    { config: write, schema: { tags, summary: 'Record that the person agreed this draft, in person with you', params: VersionParams, body: PlanAgree, response: { 200: PlanVersionOut } } },
    async (request) => agreeInPerson(deps, actorOf(request), authOf(request), request.params.personId, request.params.number, request.body),
  );

  app.get(
    `${BASE}/compare`,
    { config: read, schema: { tags, summary: 'Two versions side by side, section by section (`?from=&to=`; audited; recorded as a view)', params: PersonParams, querystring: CompareQuery, response: { 200: PlanCompareOut } } },
    async (request) => compareVersions(deps, actorOf(request), authOf(request), request.params.personId, request.query),
  );

  app.post(
    `${BASE}/review`,
    { config: write, schema: { tags, summary: 'Record that the agreed plan was gone through with the person and stays as it is', params: PersonParams, body: PlanReview, response: { 200: PlanOut } } },
    async (request) => reviewPlan(deps, actorOf(request), authOf(request), request.params.personId, request.body),
  );

  app.get(
    `${BASE}/views`,
    { config: read, schema: { tags, summary: 'Who looked at the plan and when, newest first, said plainly for the person (audited)', params: PersonParams, response: { 200: PlanViewsOut } } },
    async (request) => listViews(deps, actorOf(request), authOf(request), request.params.personId),
  );

  app.post(
    `${BASE}/shares`,
    { config: share, schema: { tags, summary: 'Share the plan with one recipient, with the person’s consent (this organisation’s services and directory only)', params: PersonParams, body: ShareCreate, response: { 201: ShareOut } } },
    async (request, reply) => reply.code(201).send(await createShare(deps, actorOf(request), authOf(request), request.params.personId, request.body)),
  );

  app.patch(
    `${BASE}/shares/:shareId`,
    { config: share, schema: { tags, summary: 'Change what a share covers, when it ends, or the recipient’s phone or email', params: ShareParams, body: SharePatch, response: { 200: ShareOut } } },
    async (request) => updateShare(deps, actorOf(request), authOf(request), request.params.personId, request.params.shareId, request.body),
  );

  app.post(
    `${BASE}/shares/:shareId/revoke`,
    { config: share, schema: { tags, summary: 'Stop a share at once: its links stop working straight away', params: ShareParams, body: Empty, response: { 200: ShareOut } } },
    async (request) => revokeShare(deps, actorOf(request), authOf(request), request.params.personId, request.params.shareId),
  );

  app.get(
    '/api/v1/reports/plans',
    {
      config: { access: { kind: 'action', action: 'plan.report' } },
      schema: { tags: ['reports'], summary: 'People with an agreed crisis plan, plans reviewed in the last 6 months, shares active now (audited)', response: { 200: PlanReportOut } },
    },
    async (request) => planReport(deps, actorOf(request), authOf(request)),
  );
}
