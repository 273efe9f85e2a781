import { z } from 'zod';
import { MetaOut, SetupBody } from '../../../shared/auth.js';
import { actorOf, type AppInstance } from '../../http/context.js';
import { completeSetup, setupRequired } from './service.js';

export const APP_VERSION = '0.1.0';

export default async function setupRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/meta',
    { config: { access: { kind: 'public' } }, schema: { tags: ['setup'], summary: 'Whether the installation needs setting up, and whether it is a demo', response: { 200: MetaOut } } },
    async () => ({ name: 'Alongside' as const, version: APP_VERSION, setupRequired: await setupRequired(deps.db), demo: deps.config.demo }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { access: { kind: 'public' }, rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: { tags: ['setup'], summary: 'Create the first organisation and its administrator (needs the one-time setup link)', body: SetupBody, response: { 201: z.object({ organisationId: z.string() }) } },
    },
    async (request, reply) => {
      const { organisationId } = await completeSetup(deps, actorOf(request), request.body);
      return reply.code(201).send({ organisationId });
    },
  );
}
