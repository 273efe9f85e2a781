import type { Transaction } from 'kysely';
import type { Database, SupervisionLayer } from '../db/tables.js';
import { newId } from '../db/values.js';
import { plannedContacts } from '../features/debriefs/rules.js';
import { addDays, ukDate } from '../features/supervision/rules.js';

/**
 * Debriefs and supervision for the demo (issue 7), so those screens look lived in. Made up.
 *  - Jordan (peer worker, The Harbour) has a debrief offered after the escalation under way,
 *    waiting for an answer: the one the end-to-end test books.
 *  - Sam (shift lead) asked for a debrief five days ago with Ruth (senior peer) as supporter:
 *    the planning contact happened, the conversation is overdue (Ruth sees it in her list).
 *  - Supervision rhythms at The Harbour: Jordan's line management is overdue; outside peer
 *    supervision, Ruth's clinical supervision due soon, and a few records with themes.
 */
export interface WellbeingContext {
  organisationId: string;
  serviceIds: Record<'haven' | 'ae' | 'carers', string>;
  users: Record<string, string>;
  now: number;
}

const DAY = 86_400_000;

export async function seedDebriefsAndSupervision(trx: Transaction<Database>, ctx: WellbeingContext): Promise<{ debriefs: number; rhythms: number; records: number }> {
  const org = ctx.organisationId;
  const haven = ctx.serviceIds.haven;
  const iso = (ms: number) => new Date(ms).toISOString();
  const jordan = ctx.users['peer@demo.test'];
  const sam = ctx.users['lead@demo.test'];
  const ruth = ctx.users['senior@demo.test'];
  const gareth = ctx.users['manager@demo.test'];
  const imran = ctx.users['clinician@demo.test'];
  if (!jordan || !sam || !ruth || !gareth || !imran) return { debriefs: 0, rhythms: 0, records: 0 };

  // ---- debriefs ----
  let debriefs = 0;
  const escalation = await trx.selectFrom('escalations').select('id').where('organisation_id', '=', org).where('service_id', '=', haven).orderBy('raised_at', 'desc').executeTakeFirst();
  const offeredAt = iso(ctx.now - 3 * 3_600_000);
  await trx
    .insertInto('debrief_offers')
    .values({ id: newId(), organisation_id: org, service_id: haven, user_id: jordan, source_type: 'escalation', source_id: escalation?.id ?? newId(), status: 'offered', offered_at: offeredAt, updated_at: offeredAt, requested_by: null, peer_supporter_id: null, accepted_at: null, declined_at: null, closed_at: null, version: 1 })
    .onConflict((oc) => oc.columns(['user_id', 'source_type', 'source_id']).doNothing())
    .execute();
  debriefs += 1;

  const requestId = newId();
  const acceptedAt = ctx.now - 5 * DAY;
  await trx
    .insertInto('debrief_offers')
    .values({ id: requestId, organisation_id: org, service_id: haven, user_id: sam, source_type: 'request', source_id: requestId, status: 'booked', offered_at: iso(acceptedAt), updated_at: iso(acceptedAt + DAY), requested_by: sam, peer_supporter_id: ruth, accepted_at: iso(acceptedAt), declined_at: null, closed_at: null, version: 2 })
    .execute();
  for (const c of plannedContacts(acceptedAt)) {
    const done = c.kind === 'planning';
    await trx
      .insertInto('debrief_contacts')
      .values({ id: newId(), organisation_id: org, debrief_id: requestId, kind: c.kind, due_at: iso(c.dueAt), done_at: done ? iso(acceptedAt + DAY) : null, done_by: done ? ruth : null, difficulties_persist: null, created_at: iso(acceptedAt) })
      .execute();
  }
  debriefs += 1;

  // ---- supervision ----
  const today = ukDate(ctx.now);
  const created = iso(ctx.now - 120 * DAY);
  const rhythms: { user: string; layer: SupervisionLayer; every: number; supervisorId: string | null; supervisorName: string | null; held: { daysAgo: number; themes: string; actions: string }[] }[] = [
    {
      user: jordan,
      layer: 'line_management',
      every: 28,
      supervisorId: sam,
      supervisorName: null,
      held: [{ daysAgo: 40, themes: 'Settling into evening shifts; training on the new board.', actions: 'Shadow Ruth on two late shifts. Book lone-working refresher.' }],
    },
    {
      user: jordan,
      layer: 'external_peer',
      every: 56,
      supervisorId: null,
      supervisorName: 'Ash Green, Peer Voices Network',
      held: [{ daysAgo: 20, themes: 'Using my own story with care; keeping boundaries after a hard night.', actions: 'Try the end-of-shift check-out for a month and bring it back.' }],
    },
    { user: ruth, layer: 'line_management', every: 28, supervisorId: gareth, supervisorName: null, held: [{ daysAgo: 10, themes: 'Facilitating the reflective group; workload across two services.', actions: 'Protect Thursday afternoons for supervision of peers.' }] },
    { user: ruth, layer: 'clinical', every: 42, supervisorId: imran, supervisorName: null, held: [{ daysAgo: 38, themes: 'Talking about risk without scores.', actions: 'Read the team’s guide to safety conversations together.' }] },
    { user: sam, layer: 'line_management', every: 28, supervisorId: gareth, supervisorName: null, held: [{ daysAgo: 14, themes: 'Handover notes and escalations on busy nights.', actions: 'Try a fixed time for the end-of-shift call.' }] },
  ];
  let records = 0;
  for (const r of rhythms) {
    await trx
      .insertInto('supervision_rhythms')
      .values({ id: newId(), organisation_id: org, service_id: haven, user_id: r.user, layer: r.layer, every_days: r.every, supervisor_id: r.supervisorId, supervisor_name: r.supervisorName, created_at: created, updated_at: created, version: 1 })
      .execute();
    for (const h of r.held) {
      const at = iso(ctx.now - h.daysAgo * DAY);
      await trx
        .insertInto('supervision_records')
        .values({ id: newId(), organisation_id: org, service_id: haven, user_id: r.user, layer: r.layer, held_on: addDays(today, -h.daysAgo), supervisor_id: r.supervisorId, supervisor_name: r.supervisorName, themes: h.themes, agreed_actions: h.actions, recorded_by: r.user, created_at: at, updated_at: at, version: 1 })
        .execute();
      records += 1;
    }
  }
  return { debriefs, rhythms: rhythms.length, records };
}
