import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Team, TeamsTable } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { TeamCreate, TeamOut, TeamPatch } from '../../../shared/admin.js';
import { findService } from '../services/service.js';

export const teamOut = (row: Team): TeamOut => ({
  id: row.id,
  serviceId: row.service_id,
  name: row.name,
  archived: row.archived_at !== null,
  archivedAt: row.archived_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: Number(row.version),
});

async function requireService(db: DbOrTrx, organisationId: string, serviceId: string): Promise<void> {
  if (!(await findService(db, organisationId, serviceId))) throw notFound('That service');
}

/** A service's teams, archived ones included (the client decides what to show). */
export async function listTeams(db: DbOrTrx, organisationId: string, serviceId: string): Promise<TeamOut[]> {
  await requireService(db, organisationId, serviceId);
  const rows = (await scoped(db, 'teams', organisationId).selectAll().where('teams.service_id', '=', serviceId).orderBy('teams.name').execute()) as Team[];
  return rows.map(teamOut);
}

export async function createTeam(deps: Deps, actor: Actor, organisationId: string, serviceId: string, input: TeamCreate): Promise<TeamOut> {
  return deps.db.transaction().execute(async (trx) => {
    await requireService(trx, organisationId, serviceId);
    const now = nowIso(deps.clock);
    const row: Team = { id: newId(), organisation_id: organisationId, service_id: serviceId, name: input.name, archived_at: null, created_at: now, updated_at: now, version: 1 };
    await trx.insertInto('teams').values(row).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'team.create', entityType: 'team', entityId: row.id, details: { serviceId } }));
    return teamOut(row);
  });
}

export async function updateTeam(deps: Deps, actor: Actor, organisationId: string, serviceId: string, teamId: string, patch: TeamPatch): Promise<TeamOut> {
  const { version, ...changes } = patch;
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const set: Partial<TeamsTable> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.archived !== undefined) {
      const existing = (await scoped(trx, 'teams', organisationId).select('teams.archived_at').where('teams.id', '=', teamId).executeTakeFirst()) as Pick<Team, 'archived_at'> | undefined;
      set.archived_at = changes.archived ? (existing?.archived_at ?? now) : null;
    }
    // A team is found only under its own service in this organisation.
    const row = await updateVersioned(trx, 'teams', { id: teamId, organisationId, version }, set, {
      now,
      describe: teamOut,
      submitted: patch,
      where: { service_id: serviceId },
      what: 'That team',
    });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'team.update', entityType: 'team', entityId: teamId, details: { serviceId, fields: Object.keys(changes) } }));
    return teamOut(row);
  });
}
