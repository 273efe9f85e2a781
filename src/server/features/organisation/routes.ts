import { OrganisationOut, OrganisationPatch } from '../../../shared/admin.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { getOrganisation, updateOrganisation } from './service.js';

export default async function organisationRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/organisation',
    {
      config: { access: { kind: 'action', action: 'organisation.read' } },
      schema: { tags: ['organisation'], summary: 'The signed-in person’s organisation', response: { 200: OrganisationOut } },
    },
    async (request) => getOrganisation(deps.db, authOf(request).organisationId),
  );

  app.patch(
    '/api/v1/organisation',
    {
      config: { access: { kind: 'action', action: 'organisation.update' } },
      schema: { tags: ['organisation'], summary: 'Change the organisation’s name and under-16 routing', body: OrganisationPatch, response: { 200: OrganisationOut } },
    },
    async (request) => updateOrganisation(deps, actorOf(request), authOf(request).organisationId, request.body),
  );
}
