import { TeamCreate, TeamOut, TeamPatch, TeamsOut } from '../../../shared/admin.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { createTeam, listTeams, updateTeam } from './service.js';

const TeamParams = ServiceParams.extend({ teamId: IdParam });

export default async function teamsRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/services/:serviceId/teams',
    {
      config: { access: { kind: 'action', action: 'team.list' } },
      schema: { tags: ['teams'], summary: 'The service’s teams', params: ServiceParams, response: { 200: TeamsOut } },
    },
    async (request) => ({ teams: await listTeams(deps.db, authOf(request).organisationId, request.params.serviceId) }),
  );

  app.post(
    '/api/v1/services/:serviceId/teams',
    {
      config: { access: { kind: 'action', action: 'team.manage' } },
      schema: { tags: ['teams'], summary: 'Add a team to a service', params: ServiceParams, body: TeamCreate, response: { 201: TeamOut } },
    },
    async (request, reply) => reply.code(201).send(await createTeam(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId, request.body)),
  );

  app.patch(
    '/api/v1/services/:serviceId/teams/:teamId',
    {
      config: { access: { kind: 'action', action: 'team.manage' } },
      schema: { tags: ['teams'], summary: 'Rename, archive or restore a team', params: TeamParams, body: TeamPatch, response: { 200: TeamOut } },
    },
    async (request) => updateTeam(deps, actorOf(request), authOf(request).organisationId, request.params.serviceId, request.params.teamId, request.body),
  );
}
