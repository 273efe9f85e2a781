import { z } from 'zod';
import { PlanExportQuery } from '../../../shared/plan-partners.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam } from '../services/routes.js';
import { exportPlanFhir } from './service.js';

const PersonParams = z.object({ personId: IdParam });

/** FHIR R4 export of a person's crisis plan. */
export default async function planExportRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/people/:personId/plan/fhir',
    {
      config: { access: { kind: 'action', action: 'plan.export' } },
      schema: {
        tags: ['crisis plans'],
        summary: 'The plan as a FHIR R4 Bundle (collection): Patient, CarePlan (the agreed version unless ?version=N), a Consent per share, Practitioner, Organization (audited)',
        params: PersonParams,
        querystring: PlanExportQuery,
      },
    },
    async (request, reply) => {
      const bundle = await exportPlanFhir(deps, actorOf(request), authOf(request).organisationId, request.params.personId, request.query);
      return reply.type('application/fhir+json; charset=utf-8').send(JSON.stringify(bundle));
    },
  );
}
