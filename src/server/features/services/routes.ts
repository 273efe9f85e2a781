import { z } from 'zod';
import { ServiceCreate, ServiceOut, ServicePatch, ServicesOut } from '../../../shared/admin.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { createService, getService, listServices, updateService } from './service.js';

/** A record id in a path: anything else is refused as bad input before it reaches the database. */
export const IdParam = z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, 'This is not a valid reference');
export const ServiceParams = z.object({ serviceId: IdParam });

export default async function servicesRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/services',
    {
      config: { access: { kind: 'action', action: 'service.list' } },
      schema: { tags: ['services'], summary: 'Services the person can see (organisation-wide roles: all)', response: { 200: ServicesOut } },
    },
    async (request) => ({ services: await listServices(deps.db, authOf(request)) }),
  );

  app.post(
    '/api/v1/services',
    {
      config: { access: { kind: 'action', action: 'service.create' } },
      schema: { tags: ['services'], summary: 'Add a service', body: ServiceCreate, response: { 201: ServiceOut } },
    },
    async (request, reply) => reply.code(201).send(await createService(deps, actorOf(request), authOf(request).organisationId, request.body)),
  );

  app.get(
    '/api/v1/services/:serviceId',
    {
      config: { access: { kind: 'action', action: 'service.read' } },
      schema: { tags: ['services'], summary: 'One service', params: ServiceParams, response: { 200: ServiceOut } },
    },
    async (request) => getService(deps.db, authOf(request).organisationId, request.params.serviceId),
  );

  app.patch(
    '/api/v1/services/:serviceId',
    {
      config: { access: { kind: 'action', action: 'service.update' } },
      schema: { tags: ['services'], summary: 'Change a service’s details and opening hours', params: ServiceParams, body: ServicePatch, response: { 200: ServiceOut } },
    },
    async (request) => updateService(deps, actorOf(request), authOf(request), request.params.serviceId, request.body),
  );
}
