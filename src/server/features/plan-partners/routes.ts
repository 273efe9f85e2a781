import {
  BreakGlassCreate,
  BreakGlassGrantsOut,
  BreakGlassOut,
  BreakGlassReviewCreate,
  BreakGlassReviewOut,
  BreakGlassReviewsOut,
  PartnerPlanOut,
  SharedPlansOut,
} from '../../../shared/plan-partners.js';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { actorOf, auditInput, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { listBreakGlassReviews, listMyGrants, listSharedPlans, openBreakGlass, readBreakGlass, readSharedPlan, reviewBreakGlass } from './service.js';

const ShareParams = ServiceParams.extend({ shareId: IdParam });
const GrantParams = ServiceParams.extend({ grantId: IdParam });
const TAGS = ['crisis plans: partners'];

/** Clinical partners' view of plans shared with their service, emergency access, and its review. */
export default async function planPartnerRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/services/:serviceId/shared-plans',
    {
      config: { access: { kind: 'action', action: 'plan.partner_read' } },
      schema: { tags: TAGS, summary: 'Crisis plans shared with this service now (audited)', params: ServiceParams, response: { 200: SharedPlansOut } },
    },
    async (request) => ({ plans: await listSharedPlans(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId) }),
  );

  app.get(
    '/api/v1/services/:serviceId/shared-plans/:shareId',
    {
      config: { access: { kind: 'action', action: 'plan.partner_read' } },
      schema: {
        tags: TAGS,
        summary: 'The shared parts of the latest agreed plan (a view, audited); 403 share_ended once revoked or ended',
        params: ShareParams,
        response: { 200: PartnerPlanOut },
      },
    },
    async (request) => readSharedPlan(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId, request.params.shareId),
  );

  app.post(
    '/api/v1/services/:serviceId/break-glass',
    {
      config: { access: { kind: 'action', action: 'plan.break_glass' } },
      schema: {
        tags: TAGS,
        summary: 'Emergency access without consent: exact NHS number, or full name and date of birth, with a reason; time-limited, managers told at once',
        params: ServiceParams,
        body: BreakGlassCreate,
        response: { 201: BreakGlassOut },
      },
      // An attempt refused before any look-up (no reason, no way to find the person) is in the audit
      // trail too, as 'denied' (only failed look-ups count towards the hourly limit): field names only.
      onError: async (request, _reply, error) => {
        if (!request.auth || !hasZodFastifySchemaValidationErrors(error)) return;
        const fields = [...new Set(error.validation.map((v) => String(v.instancePath ?? '').split('/')[1] || '(body)'))].sort().slice(0, 10);
        const serviceId = (request.params as { serviceId?: unknown }).serviceId;
        await recordAudit(
          deps.db,
          deps.audit,
          auditInput(actorOf(request), {
            action: 'plan.break_glass',
            entityType: 'service',
            entityId: IdParam.safeParse(serviceId).success ? (serviceId as string) : null,
            outcome: 'denied',
            details: { why: 'invalid_input', fields },
          }),
        );
      },
    },
    async (request, reply) => reply.code(201).send(await openBreakGlass(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId, request.body)),
  );

  app.get(
    '/api/v1/services/:serviceId/break-glass',
    {
      config: { access: { kind: 'action', action: 'plan.break_glass' } },
      schema: { tags: TAGS, summary: 'Your own emergency accesses in this service, newest first', params: ServiceParams, response: { 200: BreakGlassGrantsOut } },
    },
    async (request) => ({ grants: await listMyGrants(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId) }),
  );

  app.get(
    '/api/v1/services/:serviceId/break-glass/:grantId',
    {
      config: { access: { kind: 'action', action: 'plan.break_glass' } },
      schema: { tags: TAGS, summary: 'The plan again while your emergency access lasts (a view, audited); 403 access_ended after', params: GrantParams, response: { 200: PartnerPlanOut } },
    },
    async (request) => readBreakGlass(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId, request.params.grantId),
  );

  app.get(
    '/api/v1/services/:serviceId/break-glass-reviews',
    {
      config: { access: { kind: 'action', action: 'plan.break_glass_review' } },
      schema: { tags: TAGS, summary: 'Emergency access in this service, not yet reviewed first (audited)', params: ServiceParams, response: { 200: BreakGlassReviewsOut } },
    },
    async (request) => ({ grants: await listBreakGlassReviews(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId) }),
  );

  app.post(
    '/api/v1/services/:serviceId/break-glass-reviews/:grantId',
    {
      config: { access: { kind: 'action', action: 'plan.break_glass_review' } },
      schema: {
        tags: TAGS,
        summary: 'Review an emergency access with a note (409 already_reviewed; 403 own_access)',
        params: GrantParams,
        body: BreakGlassReviewCreate,
        response: { 200: BreakGlassReviewOut },
      },
    },
    async (request) => reviewBreakGlass(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId, request.params.grantId, request.body),
  );
}

