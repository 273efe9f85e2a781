import { z } from 'zod';
import { InvitationLinkOut, MembershipCreate, MembershipOut, UserInvite, UserInvitedOut, UserOut, UserPatch, UsersOut } from '../../../shared/admin.js';
import { IdParam } from '../services/routes.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { addMembership, getUser, inviteUser, listUsers, reissueInvitation, removeMembership, resetSecondFactor, updateUser } from './service.js';

const UserParams = z.object({ userId: IdParam });
const MembershipParams = UserParams.extend({ membershipId: IdParam });

export default async function usersRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/users',
    {
      config: { access: { kind: 'action', action: 'user.list' } },
      schema: { tags: ['users'], summary: 'Staff accounts with their roles (service managers: people in their services)', response: { 200: UsersOut } },
    },
    async (request) => ({ users: await listUsers(deps.db, authOf(request)) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: { kind: 'action', action: 'user.invite' } },
      schema: { tags: ['users'], summary: 'Invite a member of staff; the reply holds the link to pass on', body: UserInvite, response: { 201: UserInvitedOut } },
    },
    async (request, reply) => reply.code(201).send(await inviteUser(deps, actorOf(request), authOf(request), request.body)),
  );

  app.get(
    '/api/v1/users/:userId',
    {
      config: { access: { kind: 'action', action: 'user.read' } },
      schema: { tags: ['users'], summary: 'One staff account', params: UserParams, response: { 200: UserOut } },
    },
    async (request) => getUser(deps.db, authOf(request), request.params.userId),
  );

  app.patch(
    '/api/v1/users/:userId',
    {
      config: { access: { kind: 'action', action: 'user.update' } },
      schema: { tags: ['users'], summary: 'Rename, disable or re-enable an account (disabling ends their sessions; needs recent re-authentication)', params: UserParams, body: UserPatch, response: { 200: UserOut } },
    },
    async (request) => updateUser(deps, actorOf(request), authOf(request), request.params.userId, request.body),
  );

  app.post(
    '/api/v1/users/:userId/invitation',
    {
      config: { access: { kind: 'action', action: 'user.update' } },
      schema: { tags: ['users'], summary: 'A new invitation link (the old one stops working)', params: UserParams, response: { 200: InvitationLinkOut } },
    },
    async (request) => reissueInvitation(deps, actorOf(request), authOf(request), request.params.userId),
  );

  app.post(
    '/api/v1/users/:userId/totp/reset',
    {
      config: { access: { kind: 'action', action: 'user.update' } },
      schema: { tags: ['users'], summary: 'Clear a person’s second factor (lost phone); ends their sessions; needs recent re-authentication', params: UserParams, response: { 200: UserOut } },
    },
    async (request) => resetSecondFactor(deps, actorOf(request), authOf(request), request.params.userId),
  );

  app.post(
    '/api/v1/users/:userId/memberships',
    {
      config: { access: { kind: 'action', action: 'membership.manage' } },
      schema: { tags: ['users'], summary: 'Give a role in a service or across the organisation (needs recent re-authentication)', params: UserParams, body: MembershipCreate, response: { 201: MembershipOut } },
    },
    async (request, reply) => reply.code(201).send(await addMembership(deps, actorOf(request), authOf(request), request.params.userId, request.body)),
  );

  app.delete(
    '/api/v1/users/:userId/memberships/:membershipId',
    {
      config: { access: { kind: 'action', action: 'membership.manage' } },
      schema: { tags: ['users'], summary: 'Remove a role (needs recent re-authentication)', params: MembershipParams },
    },
    async (request, reply) => {
      await removeMembership(deps, actorOf(request), authOf(request), request.params.userId, request.params.membershipId);
      return reply.code(204).send();
    },
  );
}
