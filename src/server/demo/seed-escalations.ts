import type { Transaction } from 'kysely';
import type { Database } from '../db/tables.js';
import { newId } from '../db/values.js';
import type { Deps } from '../http/context.js';
import { acknowledgeAlertsOf } from '../features/alerts/service.js';
import { raiseEscalation } from '../features/escalations/service.js';
import { defaultLadder, LadderSteps, type LadderStep } from '../../shared/escalations.js';

/**
 * Escalation ladders for the demo services, and one escalation under way, so the ladder,
 * escalation and handover screens look lived in. The words are made up.
 *  - The Harbour: the default shape, linked to the Riverside Crisis Team's duty line in the
 *    directory and to its service manager by name.
 *  - A&E peer support: calls A&E's own duty line in the directory first.
 *  - Carers Together: the default ladder.
 *  - One open escalation at The Harbour: Jordan is worried about Tariq, who has not arrived;
 *    a first call logged with no answer, Jordan's view recorded, and Sam (the shift lead) has
 *    picked it up, so its ladder has stopped and the board has no alert waiting.
 */
export interface EscalationContext {
  organisationId: string;
  serviceIds: Record<'haven' | 'ae' | 'carers', string>;
  /** User ids by demo email. */
  users: Record<string, string>;
  now: number;
}

export async function seedEscalations(trx: Transaction<Database>, deps: Deps, ctx: EscalationContext): Promise<{ ladders: number; escalations: number }> {
  const org = ctx.organisationId;
  const now = new Date(ctx.now).toISOString();
  const entries = await trx.selectFrom('directory_entries').select(['id', 'name']).where('organisation_id', '=', org).where('name', 'in', ['Riverside Crisis Team', 'A&E, Kingsmead General Hospital']).execute();
  const entry = (name: string) => entries.find((e) => e.name === name)?.id;
  const crisisTeam = entry('Riverside Crisis Team');
  const ae = entry('A&E, Kingsmead General Hospital');
  const manager = ctx.users['manager@demo.test'];

  const harbour: LadderStep[] = [
    { label: 'Call the shift lead on duty', action: 'phone', who: { kind: 'role', role: 'shift_lead' }, windowMinutes: 10 },
    crisisTeam
      ? { label: 'Call the crisis team’s duty manager', action: 'phone', who: { kind: 'directory', directoryEntryId: crisisTeam }, windowMinutes: 10 }
      : { label: 'Call the crisis team’s duty manager', action: 'phone', who: { kind: 'role', role: 'clinical_partner' }, windowMinutes: 10 },
    { label: 'Call the home treatment team’s duty manager', action: 'phone', who: { kind: 'role', role: 'clinical_partner' }, windowMinutes: 10, phone: '0300 555 0177' },
    manager
      ? { label: 'Call the service manager', action: 'phone', who: { kind: 'user', userId: manager }, windowMinutes: 10, phone: '07700 900150' }
      : { label: 'Call the service manager', action: 'phone', who: { kind: 'role', role: 'service_manager' }, windowMinutes: 10 },
    { label: 'Email all of the above', action: 'email', who: { kind: 'role', role: 'service_manager' }, windowMinutes: 15 },
    { label: 'If it can wait, wait for the end-of-shift call; if not, call 999', action: 'call_999', who: { kind: 'none' }, windowMinutes: 15 },
  ];
  const aeLadder: LadderStep[] = ae
    ? [{ label: 'Tell the nurse in charge in A&E', action: 'phone', who: { kind: 'directory', directoryEntryId: ae }, windowMinutes: 5 }, ...defaultLadder().slice(1)]
    : defaultLadder();
  const ladders: [string, LadderStep[]][] = [
    [ctx.serviceIds.haven, harbour],
    [ctx.serviceIds.ae, aeLadder],
    [ctx.serviceIds.carers, defaultLadder()],
  ];
  for (const [serviceId, steps] of ladders) {
    await trx
      .insertInto('escalation_ladders')
      .values({ id: newId(), organisation_id: org, service_id: serviceId, steps: JSON.stringify(LadderSteps.parse(steps)), updated_by: manager ?? null, created_at: now, updated_at: now, version: 1 })
      .execute();
  }

  const jordan = ctx.users['peer@demo.test'];
  const tariq = await trx.selectFrom('people').select('id').where('organisation_id', '=', org).where('full_name', '=', 'Tariq Mahmood').executeTakeFirst();
  if (!jordan || !tariq) return { ladders: ladders.length, escalations: 0 };
  const actor = { userId: jordan, organisationId: org, source: 'demo', requestId: null };
  const raised = await raiseEscalation(trx, deps, actor, {
    organisationId: org,
    serviceId: ctx.serviceIds.haven,
    concern: 'Tariq rang earlier and sounded very low. He said he would come in at seven but has not arrived, and he is not answering his phone.',
    personId: tariq.id,
    raisedBy: jordan,
  });
  await trx
    .insertInto('escalation_attempts')
    .values({ id: newId(), organisation_id: org, escalation_id: raised.id, step_index: 0, result: 'no_answer', note: 'Rang the duty phone twice.', attempted_at: now, recorded_by: jordan, recorded_at: now })
    .execute();
  await trx
    .insertInto('escalation_views')
    .values({ id: newId(), organisation_id: org, escalation_id: raised.id, perspective: 'peer', view: 'I think he needs someone to go round tonight rather than wait for tomorrow.', reasons: 'He has done this before when things were bad, and his brother is away this week.', differs: 0, recorded_by: jordan, recorded_at: now })
    .execute();
  const lead = ctx.users['lead@demo.test'];
  if (lead) {
    await trx.updateTable('escalations').set({ status: 'acknowledged', acknowledged_by: lead, acknowledged_at: now, updated_at: now, version: 2 }).where('id', '=', raised.id).execute();
    await deps.jobs.cancel(trx, `escalation:${raised.id}:advance:0`);
    await acknowledgeAlertsOf(trx, deps, { ...actor, userId: lead }, { organisationId: org, sourceType: 'escalation', sourceId: raised.id, userId: lead, note: 'I’m ringing his brother’s neighbour now.' });
  }
  return { ladders: ladders.length, escalations: 1 };
}
