import type { FastifyReply, FastifyRequest } from 'fastify';
import { nowIso } from '../db/values.js';
import type { AppInstance } from './context.js';
import { badRequest } from './errors.js';

/**
 * Client mutation ids (DESIGN.md): a client that retries a change (after a timeout,
 * or when an offline queue drains) sends the same `X-Client-Mutation-Id`, and the
 * server answers the repeat with the first result instead of applying it twice.
 * Ids are UUIDs the client makes; they are kept per person, so one person's ids
 * can never replay another's answer.
 */
export const MUTATION_HEADER = 'x-client-mutation-id';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

declare module 'fastify' {
  interface FastifyRequest {
    clientMutationId: string | null;
  }
}

function mutationIdOf(request: FastifyRequest): string | null {
  const value = request.headers[MUTATION_HEADER];
  if (value === undefined || !UNSAFE.has(request.method) || !request.auth) return null;
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw badRequest('X-Client-Mutation-Id must be a UUID.', { [MUTATION_HEADER]: 'Use a UUID made by the client' });
  }
  return value.toLowerCase();
}

export function registerIdempotency(app: AppInstance): void {
  const { db, clock } = app.deps;
  app.decorateRequest('clientMutationId', null);

  // After the access check (preValidation), so a replay is only ever shown to its owner.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const id = mutationIdOf(request);
    if (!id || !request.auth) return;
    const applied = await db
      .selectFrom('applied_mutations')
      .selectAll()
      .where('client_mutation_id', '=', id)
      .where('user_id', '=', request.auth.user.id)
      .executeTakeFirst();
    if (applied) {
      return reply.code(applied.status_code).header('x-idempotent-replay', 'true').type('application/json').send(applied.response);
    }
    request.clientMutationId = id;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.clientMutationId;
    if (!id || !request.auth || reply.statusCode >= 300 || reply.getHeader('x-idempotent-replay')) return payload;
    await db
      .insertInto('applied_mutations')
      .values({
        client_mutation_id: id,
        user_id: request.auth.user.id,
        organisation_id: request.auth.organisationId,
        route: `${request.method} ${request.routeOptions.url ?? ''}`,
        status_code: reply.statusCode,
        response: typeof payload === 'string' ? payload : '',
        created_at: nowIso(clock),
      })
      .onConflict((oc) => oc.column('client_mutation_id').doNothing())
      .execute();
    return payload;
  });
}
