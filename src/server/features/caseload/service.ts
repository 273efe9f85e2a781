import { sql } from 'kysely';
import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { User } from '../../db/tables.js';
import { nowIso } from '../../db/values.js';
import { updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { AdjustmentsOut, AdjustmentsPut, CaseloadItemOut, MyCaseloadOut, WorkerCaseloadOut } from '../../../shared/episodes.js';
import { caseloadCounts, sessionCounts } from '../episodes/service.js';
import { limitWarning, OPEN_EPISODE_STATUSES } from '../episodes/rules.js';
import { findService } from '../services/service.js';
import { serviceWorkers } from '../episodes/workers.js';
import { staffScope } from '../users/service.js';


/** My current people: open episodes I am allocated to, with the next steps from the latest session. */
export async function myCaseload(deps: Deps, actor: Actor, auth: Auth): Promise<MyCaseloadOut> {
  const org = auth.organisationId;
  const rows = await deps.db
    .selectFrom('episode_workers')
    .innerJoin('episodes', 'episodes.id', 'episode_workers.episode_id')
    .innerJoin('people', 'people.id', 'episodes.person_id')
    .innerJoin('services', 'services.id', 'episodes.service_id')
    .select([
      'episodes.id as episode_id',
      'episodes.person_id',
      'people.preferred_name',
      'episodes.service_id',
      'services.name as service_name',
      'episodes.status',
      'episodes.session_limit',
      'episodes.offered_at',
    ])
    .where('episode_workers.organisation_id', '=', org)
    .where('episodes.organisation_id', '=', org)
    .where('episode_workers.user_id', '=', auth.user.id)
    .where('episode_workers.ended_at', 'is', null)
    .where('episodes.status', 'in', [...OPEN_EPISODE_STATUSES])
    .where('episodes.closed_at', 'is', null)
    .distinct()
    .orderBy('people.preferred_name')
    .orderBy('episodes.id')
    .execute();
  const ids = rows.map((r) => r.episode_id);
  const counts = await sessionCounts(deps.db, org, ids);
  const latest = await latestSessions(deps.db, org, ids);
  const people: CaseloadItemOut[] = rows.map((r) => {
    const used = counts.get(r.episode_id) ?? 0;
    const limit = Number(r.session_limit);
    const last = latest.get(r.episode_id);
    return {
      episodeId: r.episode_id,
      personId: r.person_id,
      personPreferredName: r.preferred_name,
      serviceId: r.service_id,
      serviceName: r.service_name,
      status: r.status,
      sessionsUsed: used,
      sessionLimit: limit,
      limitWarning: limitWarning(used, limit),
      lastSessionAt: last?.held_at ?? null,
      nextStep: last?.next_steps ?? null,
    };
  });
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'caseload.read_own', entityType: 'user', entityId: auth.user.id, details: { count: people.length } }));
  return { people, count: people.length, max: auth.user.caseload_max === null ? null : Number(auth.user.caseload_max) };
}

/** The latest session (highest number) of each episode. */
async function latestSessions(db: DbOrTrx, organisationId: string, episodeIds: string[]): Promise<Map<string, { held_at: string; next_steps: string | null }>> {
  if (episodeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('episode_sessions as s')
    .select(['s.episode_id', 's.held_at', 's.next_steps'])
    .where('s.organisation_id', '=', organisationId)
    .where('s.episode_id', 'in', episodeIds)
    .where('s.number', '=', (eb) =>
      eb.selectFrom('episode_sessions as m').select(sql<number>`max(m.number)`.as('n')).whereRef('m.episode_id', '=', 's.episode_id'),
    )
    .execute();
  return new Map(rows.map((r) => [r.episode_id, { held_at: r.held_at, next_steps: r.next_steps }]));
}

/** Each worker in the service (peer and leading roles, not disabled) with their caseload and maximum. */
export async function serviceCaseloads(deps: Deps, auth: Auth, serviceId: string): Promise<WorkerCaseloadOut[]> {
  const org = auth.organisationId;
  if (!(await findService(deps.db, org, serviceId))) throw notFound('That service');
  const workers = (await serviceWorkers(deps.db, org, serviceId)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute()) as Pick<User, 'id' | 'display_name' | 'caseload_max'>[];
  const counts = await caseloadCounts(deps.db, org, workers.map((w) => w.id));
  return workers.map((w) => {
    const count = counts.get(w.id) ?? 0;
    const max = w.caseload_max === null ? null : Number(w.caseload_max);
    return { userId: w.id, displayName: w.display_name, count, max, full: max !== null && count >= max };
  });
}

const adjustmentsOut = (u: Pick<User, 'id' | 'display_name' | 'caseload_max' | 'version'>): AdjustmentsOut => ({
  userId: u.id,
  displayName: u.display_name,
  caseloadMax: u.caseload_max === null ? null : Number(u.caseload_max),
  version: Number(u.version),
});

/**
 * A worker's reasonable adjustments (for now, their caseload maximum). Administrators
 * for anyone in the organisation; service managers for staff of services they manage.
 * Someone outside that reach answers 404, as the staff list does.
 */
export async function setAdjustments(deps: Deps, actor: Actor, auth: Auth, userId: string, input: AdjustmentsPut): Promise<AdjustmentsOut> {
  const org = auth.organisationId;
  const now = nowIso(deps.clock);
  const scope = staffScope(auth);
  return deps.db.transaction().execute(async (trx) => {
    const user = (await scoped(trx, 'users', org).selectAll().where('users.id', '=', userId).executeTakeFirst()) as User | undefined;
    if (!user) throw notFound('That person');
    if (!scope.allServices) {
      const theirs = await trx.selectFrom('memberships').select('service_id').where('organisation_id', '=', org).where('user_id', '=', userId).execute();
      if (!theirs.some((m) => m.service_id !== null && scope.managedServiceIds.has(m.service_id))) throw notFound('That person');
    }
    let row: User;
    if (input.version !== undefined) {
      row = (await updateVersioned(trx, 'users', { id: userId, organisationId: org, version: input.version }, { caseload_max: input.caseloadMax }, {
        now,
        describe: (r) => adjustmentsOut(r as User),
        submitted: input,
        what: 'That person',
      })) as User;
    } else {
      await trx
        .updateTable('users')
        .set({ caseload_max: input.caseloadMax, updated_at: now, version: sql<number>`version + 1` })
        .where('id', '=', userId)
        .where('organisation_id', '=', org)
        .execute();
      row = (await scoped(trx, 'users', org).selectAll().where('users.id', '=', userId).executeTakeFirstOrThrow()) as User;
    }
    // The maximum itself is about a person's health or needs: the audit records only that it changed.
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'user.adjustments', entityType: 'user', entityId: userId, details: { fields: ['caseloadMax'] } }));
    return adjustmentsOut(row);
  });
}
