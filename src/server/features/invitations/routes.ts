import { z } from 'zod';
import { AcceptInvitationBody, AcceptInvitationOut, InvitationOut } from '../../../shared/auth.js';
import { actorOf, type AppInstance } from '../../http/context.js';
import { acceptInvitation, getInvitation } from './service.js';

const Params = z.object({ token: z.string().min(10, 'This link is not complete').max(200) });

export default async function invitationRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['invitations'];

  app.get(
    '/api/v1/invitations/:token',
    { config: { access: { kind: 'public' } }, schema: { tags, summary: 'Who an invitation link is for', params: Params, response: { 200: InvitationOut } } },
    async (request) => getInvitation(deps, request.params.token),
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      config: { access: { kind: 'public' }, rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: { tags, summary: 'Accept an invitation by choosing a password', params: Params, body: AcceptInvitationBody, response: { 200: AcceptInvitationOut } },
    },
    async (request) => acceptInvitation(deps, actorOf(request), request.params.token, request.body.password),
  );
}
