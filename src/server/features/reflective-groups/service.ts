import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { AppError, badRequest, forbidden, notFound, staleVersion } from '../../http/errors.js';
import type { Role } from '../../../shared/roles.js';
import type { GroupOptionsOut, GroupSessionInput, GroupSessionOut, GroupSessionsOut, GroupSessionUpdate, IdentifierFindingOut } from '../../../shared/reflective-groups.js';
import { assertServiceOfOrganisation } from '../contacts/service.js';
import { describeFindings, findIdentifiers, namePairs, nameCandidates, plannedSessionProblems, todayOn, unusualSingles, type NameLookup } from './rules.js';

/**
 * Reflective practice groups: sessions per team (or service-wide), facilitated by a senior peer
 * or manager of the service. Staff of the service read them; the facilitator or a manager edits.
 * Notes are checked for client identifiers before anything is stored. Audit holds ids and field
 * names, never the notes.
 */

/** Who counts as staff of a service for attendance. */
const STAFF_ROLES: Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'crisis_responder'];
/** Who may facilitate. */
const FACILITATOR_ROLES: Role[] = ['senior_peer', 'service_manager'];

interface StaffMember {
  id: string;
  name: string;
  roles: Set<Role>;
}

/** Active staff of the service (a role in it, or across the organisation), one read. */
async function serviceStaff(db: DbOrTrx, organisationId: string, serviceId: string): Promise<Map<string, StaffMember>> {
  const rows = await scoped(db, 'memberships', organisationId)
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as id', 'users.display_name as name', 'memberships.role as role'])
    .where('users.disabled_at', 'is', null)
    .where('memberships.role', 'in', STAFF_ROLES)
    .where((eb) => eb.or([eb('memberships.service_id', '=', serviceId), eb('memberships.service_id', 'is', null)]))
    .execute();
  const out = new Map<string, StaffMember>();
  for (const r of rows) {
    const m = out.get(r.id) ?? { id: r.id, name: r.name, roles: new Set<Role>() };
    m.roles.add(r.role);
    out.set(r.id, m);
  }
  return out;
}

const canFacilitate = (m: StaffMember | undefined) => Boolean(m && FACILITATOR_ROLES.some((r) => m.roles.has(r)));

/** The signed-in person manages this service (a manager there, or across the organisation). */
const managesService = (auth: Auth, serviceId: string) => auth.memberships.some((m) => m.role === 'service_manager' && (m.service_id === serviceId || m.service_id === null));

/** person_search_terms (migration 0004) is typed beside the people queries, not in tables.ts. */
const withTerms = (db: DbOrTrx) => db.withTables<{ person_search_terms: { organisation_id: string; person_id: string; kind: string; term: string } }>();

/**
 * Names to look for in the notes: one indexed read of the people-search pair terms for the
 * text's adjacent word pairs (bounded), the names of the few people found, and how many people
 * share each candidate single word. People are organisation-wide records, so every service's
 * people count (a person may be known to more than one service).
 */
async function namesIn(db: DbOrTrx, organisationId: string, text: string): Promise<NameLookup> {
  const { pairTerms, singleWords } = nameCandidates(text, 400);
  const personIds = new Set<string>();
  for (let i = 0; i < pairTerms.length; i += 400) {
    const rows = await withTerms(db)
      .selectFrom('person_search_terms')
      .select('person_id')
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', 'q')
      .where('term', 'in', pairTerms.slice(i, i + 400))
      .limit(500)
      .execute();
    for (const r of rows) personIds.add(r.person_id);
  }
  const people = personIds.size
    ? await db
        .selectFrom('people')
        .select(['preferred_name', 'full_name'])
        .where('organisation_id', '=', organisationId)
        .where('merged_into_id', 'is', null)
        .where('id', 'in', [...personIds].slice(0, 500))
        .execute()
    : [];
  const counts = singleWords.length
    ? await withTerms(db)
        .selectFrom('person_search_terms')
        .select((eb) => ['term', eb.fn.count<number>('person_id').as('people')])
        .where('organisation_id', '=', organisationId)
        .where('kind', '=', 'w')
        .where('term', 'in', singleWords)
        .groupBy('term')
        .execute()
    : [];
  return {
    pairs: namePairs(people.map((p) => ({ preferredName: p.preferred_name, fullName: p.full_name }))),
    singles: unusualSingles(counts.map((c) => ({ term: c.term, people: Number(c.people) }))),
  };
}

/**
 * Refuses notes that look like they identify someone: 400 `identifiers_found` with a field
 * error per field, quoting only what was typed, and every finding (field, kind, text, where).
 * An NHS number is never accepted; a phone number or name is, once the facilitator confirms.
 */
async function checkNotes(db: DbOrTrx, organisationId: string, input: Pick<GroupSessionInput, 'themes' | 'learning' | 'confirmNoIdentifiers'>): Promise<void> {
  const findings: IdentifierFindingOut[] = [];
  for (const field of ['themes', 'learning'] as const) {
    const text = input[field];
    if (!text) continue;
    for (const f of findIdentifiers(text, await namesIn(db, organisationId, text))) findings.push({ field, ...f });
  }
  if (findings.length === 0) return;
  const hasNhs = findings.some((f) => f.kind === 'nhs_number');
  if (!hasNhs && input.confirmNoIdentifiers === true) return;
  const fields: Record<string, string> = {};
  for (const field of ['themes', 'learning'] as const) {
    const mine = findings.filter((f) => f.field === field);
    if (mine.length) fields[field] = describeFindings(mine);
  }
  throw new AppError(
    400,
    'identifiers_found',
    hasNhs
      ? 'The notes include what looks like an NHS number. Take it out: group notes never hold one.'
      : 'The notes include something that looks like it could identify someone. Take it out, or if you have checked and it is not about anyone the service supports, confirm and save again.',
    fields,
    { findings, canConfirm: !hasNhs },
  );
}

type SessionRow = {
  id: string;
  service_id: string;
  team_id: string | null;
  team_name: string | null;
  facilitator_id: string;
  facilitator_name: string;
  held_on: string;
  themes: string | null;
  learning: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

function sessionQuery(db: DbOrTrx, organisationId: string, serviceId: string) {
  return scoped(db, 'reflective_group_sessions', organisationId)
    .where('reflective_group_sessions.service_id', '=', serviceId)
    .innerJoin('users as f', 'f.id', 'reflective_group_sessions.facilitator_id')
    .leftJoin('teams', 'teams.id', 'reflective_group_sessions.team_id')
    .select([
      'reflective_group_sessions.id',
      'reflective_group_sessions.service_id',
      'reflective_group_sessions.team_id',
      'teams.name as team_name',
      'reflective_group_sessions.facilitator_id',
      'f.display_name as facilitator_name',
      'reflective_group_sessions.held_on',
      'reflective_group_sessions.themes',
      'reflective_group_sessions.learning',
      'reflective_group_sessions.created_at',
      'reflective_group_sessions.updated_at',
      'reflective_group_sessions.version',
    ]);
}

async function attendanceOf(db: DbOrTrx, organisationId: string, sessionIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (sessionIds.length === 0) return out;
  const rows = await db
    .selectFrom('reflective_group_attendance as a')
    .innerJoin('users', 'users.id', 'a.user_id')
    .select(['a.session_id', 'users.id', 'users.display_name'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.session_id', 'in', sessionIds)
    .orderBy('users.display_name')
    .execute();
  for (const r of rows) out.set(r.session_id, [...(out.get(r.session_id) ?? []), { id: r.id, name: r.display_name }]);
  return out;
}

function sessionOut(row: SessionRow, attendees: { id: string; name: string }[], auth: Auth, today: string): GroupSessionOut {
  return {
    id: row.id,
    serviceId: row.service_id,
    teamId: row.team_id,
    teamName: row.team_name,
    facilitator: { id: row.facilitator_id, name: row.facilitator_name },
    heldOn: row.held_on,
    planned: row.held_on > today,
    attendees,
    themes: row.themes,
    learning: row.learning,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    canEdit: row.facilitator_id === auth.user.id || managesService(auth, row.service_id),
  };
}

export async function listGroupSessions(deps: Deps, auth: Auth, serviceId: string): Promise<GroupSessionsOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const rows = await sessionQuery(deps.db, auth.organisationId, serviceId).orderBy('reflective_group_sessions.held_on', 'desc').orderBy('reflective_group_sessions.id', 'desc').limit(200).execute();
  const attendance = await attendanceOf(deps.db, auth.organisationId, rows.map((r) => r.id));
  const today = todayOn(deps.clock());
  return { sessions: rows.map((r) => sessionOut(r, attendance.get(r.id) ?? [], auth, today)) };
}

async function findSession(db: DbOrTrx, auth: Auth, serviceId: string, sessionId: string): Promise<SessionRow> {
  const row = await sessionQuery(db, auth.organisationId, serviceId).where('reflective_group_sessions.id', '=', sessionId).executeTakeFirst();
  if (!row) throw notFound('That group session');
  return row;
}

export async function getGroupSession(deps: Deps, auth: Auth, serviceId: string, sessionId: string): Promise<GroupSessionOut> {
  const row = await findSession(deps.db, auth, serviceId, sessionId);
  const attendance = await attendanceOf(deps.db, auth.organisationId, [row.id]);
  return sessionOut(row, attendance.get(row.id) ?? [], auth, todayOn(deps.clock()));
}

export async function groupOptions(deps: Deps, auth: Auth, serviceId: string): Promise<GroupOptionsOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const teams = await scoped(deps.db, 'teams', auth.organisationId).select(['teams.id', 'teams.name']).where('teams.service_id', '=', serviceId).where('teams.archived_at', 'is', null).orderBy('teams.name').execute();
  const staff = [...(await serviceStaff(deps.db, auth.organisationId, serviceId)).values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const canRecord = auth.memberships.some((m) => FACILITATOR_ROLES.includes(m.role) && (m.service_id === serviceId || m.service_id === null));
  return { teams, staff: staff.map((s) => ({ id: s.id, name: s.name, canFacilitate: canFacilitate(s) })), canRecord };
}

/** Every check on a session's facts: team, facilitator, attendance, dates, then the notes. 400s store nothing. */
async function validate(db: DbOrTrx, deps: Deps, auth: Auth, serviceId: string, input: GroupSessionInput): Promise<{ attendeeIds: string[] }> {
  const fields: Record<string, string> = {};
  if (input.teamId) {
    const team = await scoped(db, 'teams', auth.organisationId).select('teams.id').where('teams.id', '=', input.teamId).where('teams.service_id', '=', serviceId).where('teams.archived_at', 'is', null).executeTakeFirst();
    if (!team) fields.teamId = 'Choose one of this service’s teams, or the whole service';
  }
  const staff = await serviceStaff(db, auth.organisationId, serviceId);
  if (!canFacilitate(staff.get(input.facilitatorId))) fields.facilitatorId = 'Choose a senior peer or manager of this service to facilitate';
  const attendeeIds = [...new Set(input.attendeeIds ?? [])];
  if (attendeeIds.some((id) => !staff.has(id))) fields.attendeeIds = 'Choose people from this service’s staff only';
  Object.assign(fields, plannedSessionProblems(input.heldOn, todayOn(deps.clock()), { attendeeIds, learning: input.learning }));
  if (Object.keys(fields).length) throw badRequest('Check the session’s details.', fields);
  await checkNotes(db, auth.organisationId, input);
  return { attendeeIds };
}

export async function createGroupSession(deps: Deps, actor: Actor, auth: Auth, serviceId: string, input: GroupSessionInput): Promise<GroupSessionOut> {
  await assertServiceOfOrganisation(deps.db, auth.organisationId, serviceId);
  const { attendeeIds } = await validate(deps.db, deps, auth, serviceId, input);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    await trx
      .insertInto('reflective_group_sessions')
      .values({ id, organisation_id: auth.organisationId, service_id: serviceId, team_id: input.teamId ?? null, facilitator_id: input.facilitatorId, held_on: input.heldOn, themes: input.themes || null, learning: input.learning || null, created_by: auth.user.id, created_at: now, updated_at: now, version: 1 })
      .execute();
    if (attendeeIds.length) await trx.insertInto('reflective_group_attendance').values(attendeeIds.map((userId) => ({ session_id: id, user_id: userId, organisation_id: auth.organisationId }))).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'reflective_group.create', entityType: 'reflective_group_session', entityId: id, details: { serviceId, teamId: input.teamId ?? null, attendees: attendeeIds.length, confirmedNoIdentifiers: input.confirmNoIdentifiers === true } }));
  });
  return getGroupSession(deps, auth, serviceId, id);
}

export async function updateGroupSession(deps: Deps, actor: Actor, auth: Auth, serviceId: string, sessionId: string, input: GroupSessionUpdate): Promise<GroupSessionOut> {
  const before = await findSession(deps.db, auth, serviceId, sessionId);
  if (before.facilitator_id !== auth.user.id && !managesService(auth, serviceId)) throw forbidden('Only the session’s facilitator or a manager of the service can change it.');
  const { attendeeIds } = await validate(deps.db, deps, auth, serviceId, input);
  await deps.db.transaction().execute(async (trx) => {
    const current = await findSession(trx, auth, serviceId, sessionId);
    const stale = async () => staleVersion(sessionOut(current, (await attendanceOf(trx, auth.organisationId, [sessionId])).get(sessionId) ?? [], auth, todayOn(deps.clock())), input);
    if (Number(current.version) !== input.version) throw await stale();
    const now = nowIso(deps.clock);
    const updated = await trx
      .updateTable('reflective_group_sessions')
      .set({ team_id: input.teamId ?? null, facilitator_id: input.facilitatorId, held_on: input.heldOn, themes: input.themes || null, learning: input.learning || null, updated_at: now, version: input.version + 1 })
      .where('id', '=', sessionId)
      .where('organisation_id', '=', auth.organisationId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw await stale();
    await trx.deleteFrom('reflective_group_attendance').where('session_id', '=', sessionId).where('organisation_id', '=', auth.organisationId).execute();
    if (attendeeIds.length) await trx.insertInto('reflective_group_attendance').values(attendeeIds.map((userId) => ({ session_id: sessionId, user_id: userId, organisation_id: auth.organisationId }))).execute();
    const changed = (['teamId', 'facilitatorId', 'heldOn', 'themes', 'learning'] as const).filter((f) => {
      const old = { teamId: current.team_id, facilitatorId: current.facilitator_id, heldOn: current.held_on, themes: current.themes, learning: current.learning }[f];
      return (old ?? null) !== ((input[f] || null) ?? null);
    });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'reflective_group.update', entityType: 'reflective_group_session', entityId: sessionId, details: { fields: changed, attendees: attendeeIds.length, confirmedNoIdentifiers: input.confirmNoIdentifiers === true } }));
  });
  return getGroupSession(deps, auth, serviceId, sessionId);
}
