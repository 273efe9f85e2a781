import type { Transaction } from 'kysely';
import type { Database } from '../db/tables.js';
import { newId } from '../db/values.js';

/**
 * Reflective practice groups for the demo (issue 7). Made up. At The Harbour, Ruth (senior
 * peer) facilitated the Evening team's group ten days ago (Jordan, Sam and Gareth came), and
 * the next one is planned for next week. No journal entries are seeded: each needs a key that
 * only its author's password opens.
 */
export async function seedReflectiveGroups(trx: Transaction<Database>, ctx: { organisationId: string; serviceIds: Record<'haven' | 'ae' | 'carers', string>; users: Record<string, string>; now: number }): Promise<{ sessions: number }> {
  const org = ctx.organisationId;
  const haven = ctx.serviceIds.haven;
  const ruth = ctx.users['senior@demo.test'];
  const jordan = ctx.users['peer@demo.test'];
  const sam = ctx.users['lead@demo.test'];
  const gareth = ctx.users['manager@demo.test'];
  if (!ruth || !jordan || !sam || !gareth) return { sessions: 0 };
  const team = await trx.selectFrom('teams').select('id').where('organisation_id', '=', org).where('service_id', '=', haven).where('name', '=', 'Evening team').executeTakeFirst();
  const day = (offset: number) => new Date(ctx.now + offset * 86_400_000).toISOString().slice(0, 10);
  const at = (offset: number) => new Date(ctx.now + offset * 86_400_000).toISOString();
  const held = newId();
  const planned = newId();
  await trx
    .insertInto('reflective_group_sessions')
    .values([
      {
        id: held,
        organisation_id: org,
        service_id: haven,
        team_id: team?.id ?? null,
        facilitator_id: ruth,
        held_on: day(-10),
        themes: 'Staying with someone when there is nothing to fix. Busy Friday evenings and how we hand over to each other. Looking after ourselves after a hard call.',
        learning: 'Say out loud when you need five minutes, and take them. Check in with whoever was on the phones before they leave. Offer a debrief after any escalation, not only the big ones.',
        created_by: ruth,
        created_at: at(-10),
        updated_at: at(-10),
        version: 1,
      },
      {
        id: planned,
        organisation_id: org,
        service_id: haven,
        team_id: team?.id ?? null,
        facilitator_id: ruth,
        held_on: day(7),
        themes: 'Boundaries when someone visits every night',
        learning: null,
        created_by: ruth,
        created_at: at(-1),
        updated_at: at(-1),
        version: 1,
      },
    ])
    .execute();
  await trx
    .insertInto('reflective_group_attendance')
    .values([jordan, sam, gareth, ruth].map((userId) => ({ session_id: held, user_id: userId, organisation_id: org })))
    .execute();
  return { sessions: 2 };
}
