import { z } from 'zod';
import { AdjustmentsOut, AdjustmentsPut, MyCaseloadOut, ServiceCaseloadsOut } from '../../../shared/episodes.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { myCaseload, serviceCaseloads, setAdjustments } from './service.js';

const UserParams = z.object({ userId: IdParam });

export default async function caseloadRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['caseload'];

  app.get(
    '/api/v1/caseload',
    {
      config: { access: { kind: 'action', action: 'caseload.read_own' } },
      schema: { tags, summary: 'My current people: open episodes I am allocated to', response: { 200: MyCaseloadOut } },
    },
    async (request) => myCaseload(deps, actorOf(request), authOf(request)),
  );

  app.get(
    '/api/v1/services/:serviceId/caseloads',
    {
      config: { access: { kind: 'action', action: 'caseload.read' } },
      schema: { tags, summary: 'Each worker in the service with their caseload and maximum', params: ServiceParams, response: { 200: ServiceCaseloadsOut } },
    },
    async (request) => ({ workers: await serviceCaseloads(deps, authOf(request), request.params.serviceId) }),
  );

  app.put(
    '/api/v1/users/:userId/adjustments',
    {
      config: { access: { kind: 'action', action: 'user.adjustments' } },
      schema: { tags, summary: 'A worker’s reasonable adjustments: their caseload maximum (null: none)', params: UserParams, body: AdjustmentsPut, response: { 200: AdjustmentsOut } },
    },
    async (request) => setAdjustments(deps, actorOf(request), authOf(request), request.params.userId, request.body),
  );
}
