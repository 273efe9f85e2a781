import { z } from 'zod';
import { LinkCreate, LinkCreated, LinkWithdraw } from '../../../shared/plan-links.js';
import { LinkOut } from '../../../shared/plans.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam } from '../services/routes.js';
import { createPlanLink, withdrawPlanLink } from './service.js';

const PersonParams = z.object({ personId: IdParam });
const LinkParams = PersonParams.extend({ linkId: IdParam });
const BASE = '/api/v1/people/:personId/plan/links';

/** Links to a person's crisis plan for them or for someone it is shared with (shared/plan-links.ts). */
export default async function planLinkRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['crisis plans'];

  app.post(
    BASE,
    {
      config: { access: { kind: 'action', action: 'plan.link' } },
      schema: {
        tags,
        summary: 'Make a link to the plan for the person or a share’s recipient, and send it (SMS, email) or hand it over; the address and code are shown once',
        params: PersonParams,
        body: LinkCreate,
        response: { 201: LinkCreated },
      },
    },
    async (request, reply) => reply.code(201).send(await createPlanLink(deps, actorOf(request), authOf(request).organisationId, request.params.personId, request.body)),
  );

  app.post(
    `${BASE}/:linkId/withdraw`,
    {
      config: { access: { kind: 'action', action: 'plan.link' } },
      schema: { tags, summary: 'Withdraw a plan link: it stops working at once, and copies kept offline are removed when next online', params: LinkParams, body: LinkWithdraw, response: { 200: LinkOut } },
    },
    async (request) => withdrawPlanLink(deps, actorOf(request), authOf(request).organisationId, request.params.personId, request.params.linkId),
  );
}
