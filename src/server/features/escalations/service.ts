import type { Transaction } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import type { Database, EscalationsTable } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import { defaultLadder, type LadderStep } from '../../../shared/escalations.js';
import { json } from '../../db/values.js';
import { nextEscalationEvent } from './rules.js';

/**
 * Escalations (issue 6): ladders per service, raising an escalation, attempts,
 * acknowledgement, outcome and closing, side-by-side views, the timers that move a ladder on
 * by itself, and shift handover. Routes are in routes.ts; timing rules in rules.ts.
 */

/** The job kind that moves an escalation on (advance to the next step, or repeat the last one). */
export const ESCALATION_JOB = 'escalation.next';

/** Who acts when nobody signed in does: the job runner (lone working's missed check-in). */
export const systemActor = (organisationId: string): Actor => ({ userId: null, organisationId, source: 'job', requestId: null });

export interface RaiseEscalationInput {
  organisationId: string;
  serviceId: string;
  /** The worry, in the worker's words (from a missed check-in: a plain sentence saying so). */
  concern: string;
  personId?: string | null;
  contactId?: string | null;
  /** Set when a lone-working visit's missed check-in reached its last stage. */
  visitId?: string | null;
  /** The worker who raised it (for a visit: the visit's worker). */
  raisedBy: string | null;
}

export interface RaisedEscalation {
  id: string;
  serviceId: string;
  stepIndex: number;
}

/** The service's ladder as it stands (its default shape when none has been saved yet). */
export async function ladderStepsOf(db: Transaction<Database> | Deps['db'], organisationId: string, serviceId: string): Promise<LadderStep[]> {
  const row = await db
    .selectFrom('escalation_ladders')
    .select('steps')
    .where('organisation_id', '=', organisationId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return row ? json<LadderStep[]>(row.steps, defaultLadder()) : defaultLadder();
}

/** Schedules what happens next to an escalation (nothing once acknowledged or closed). */
export async function scheduleNext(trx: Transaction<Database>, deps: Deps, row: Pick<EscalationsTable, 'id' | 'organisation_id' | 'steps' | 'step_index' | 'step_started_at' | 'repeats' | 'status'>): Promise<void> {
  const steps = json<LadderStep[]>(row.steps, []);
  const event = nextEscalationEvent(row.id, {
    windowsMinutes: steps.map((s) => s.windowMinutes),
    stepIndex: Number(row.step_index),
    stepStartedAt: Date.parse(row.step_started_at),
    repeats: Number(row.repeats),
    acknowledged: row.status === 'acknowledged',
    closed: row.status === 'closed',
  });
  if (!event) return;
  await deps.jobs.schedule(trx, { kind: ESCALATION_JOB, runAt: event.at, key: event.key, organisationId: row.organisation_id, payload: { escalationId: row.id, event: event.type } });
}

/**
 * Raises an escalation on the service's ladder, inside the caller's transaction: takes a copy
 * of the ladder, starts its first step now, schedules the timer that moves it on, alerts the
 * people the first step reaches, and records the audit row. Used by the route (a worker) and
 * by lone working when a missed check-in reaches its last stage (actor: systemActor(org)).
 * The caller checks the service, person and contact belong to the organisation.
 */
export async function raiseEscalation(trx: Transaction<Database>, deps: Deps, actor: Actor, input: RaiseEscalationInput): Promise<RaisedEscalation> {
  const now = nowIso(deps.clock);
  const steps = await ladderStepsOf(trx, input.organisationId, input.serviceId);
  const row: EscalationsTable = {
    id: newId(),
    organisation_id: input.organisationId,
    service_id: input.serviceId,
    person_id: input.personId ?? null,
    contact_id: input.contactId ?? null,
    visit_id: input.visitId ?? null,
    raised_by: input.raisedBy,
    raised_at: now,
    concern: input.concern,
    steps: JSON.stringify(steps),
    step_index: 0,
    step_started_at: now,
    repeats: 0,
    status: 'open',
    acknowledged_by: null,
    acknowledged_at: null,
    outcome: null,
    closed_by: null,
    closed_at: null,
    updated_at: now,
    version: 1,
  };
  await trx.insertInto('escalations').values(row).execute();
  await scheduleNext(trx, deps, row);
  await recordAudit(trx, deps.audit, auditInput(actor, {
    organisationId: input.organisationId,
    action: 'escalation.raise',
    entityType: 'escalation',
    entityId: row.id,
    details: { serviceId: row.service_id, personId: row.person_id, contactId: row.contact_id, visitId: row.visit_id, steps: steps.length },
  }));
  return { id: row.id, serviceId: row.service_id, stepIndex: 0 };
}
