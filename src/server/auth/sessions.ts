import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { engineOf, type Db } from '../db/database.js';
import type { DbOrTrx } from '../db/scope.js';
import type { Membership, Session, User } from '../db/tables.js';
import { nowIso } from '../db/values.js';
import { prepared } from '../db/prepared.js';
import { randomToken, sha256 } from './secrets.js';

/** Cookie names: the `__Host-` prefix needs Secure, so it is used behind TLS. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-alongside_session' : 'alongside_session');

/** Sessions are not touched on every request: once a minute is enough for a 30-minute idle timeout. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionTimes {
  idleMs: number;
  absoluteMs: number;
  clock: () => number;
}

export async function createSession(
  db: DbOrTrx,
  user: Pick<User, 'id' | 'organisation_id'>,
  stage: 'full' | 'enrol_mfa',
  userAgent: string,
  times: SessionTimes,
): Promise<{ token: string; session: Session }> {
  // 256 bits from the operating system's secure random source.
  const token = randomToken(32);
  const now = nowIso(times.clock);
  const session: Session = {
    id: sha256(token),
    user_id: user.id,
    organisation_id: user.organisation_id,
    csrf_token: randomToken(32),
    stage,
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(times.clock() + times.absoluteMs).toISOString(),
    reauthenticated_at: now,
    user_agent: userAgent.slice(0, 200),
    revoked_at: null,
    journal_key_sealed: null,
  };
  await db.insertInto('sessions').values(session).execute();
  return { token, session };
}

export function sessionIsLive(session: Session, times: SessionTimes): boolean {
  const now = times.clock();
  if (session.revoked_at) return false;
  if (Date.parse(session.expires_at) <= now) return false;
  return Date.parse(session.last_seen_at) + times.idleMs > now;
}

/**
 * A cached lookup (auth/session-cache.ts) may be used again: the session is still live, its
 * person not disabled, and it is not yet time to record that the session is in use.
 */
export function sessionStillGood(loaded: { session: Session; user: User }, times: SessionTimes): boolean {
  return sessionIsLive(loaded.session, times) && !loaded.user.disabled_at && times.clock() - Date.parse(loaded.session.last_seen_at) < TOUCH_EVERY_MS;
}

const USER_COLUMNS = [
  'id', 'organisation_id', 'email', 'display_name', 'password_hash', 'password_changed_at', 'totp_secret', 'totp_enabled',
  'totp_last_step', 'caseload_max', 'is_demo', 'disabled_at', 'created_at', 'updated_at', 'version',
] as const satisfies readonly (keyof User)[];

// Every column of users must be read, or a later check would see undefined instead of a value.
type MissingUserColumn = Exclude<keyof User, (typeof USER_COLUMNS)[number]>;
const allUserColumnsRead: MissingUserColumn extends never ? true : MissingUserColumn = true;
void allUserColumnsRead;

/** Person columns come back prefixed, so none can be mistaken for a session column (sessions.user_id). */
const USER_PREFIX = 'u__';

function splitSessionRow(row: Record<string, unknown>): { session: Session; user: User } {
  const session: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === MEMBERSHIPS_COLUMN) continue;
    if (key.startsWith(USER_PREFIX)) user[key.slice(USER_PREFIX.length)] = value;
    else session[key] = value;
  }
  return { session: session as unknown as Session, user: user as unknown as User };
}

/** The session with its person's columns (prefixed), by the session id. */
const sessionAndPerson = (db: Db, sessionId: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', (join) => join.onRef('users.id', '=', 'sessions.user_id').onRef('users.organisation_id', '=', 'sessions.organisation_id'))
    .selectAll('sessions')
    .select(USER_COLUMNS.map((c) => `users.${c} as ${USER_PREFIX}${c}` as const))
    .where('sessions.id', '=', sessionId);

// Compiled once (db/prepared.ts): these run on every signed-in request.
const sessionWithPerson = prepared(['sessionId'], (p: { sessionId: string }) => (db) => sessionAndPerson(db, p.sessionId));
/**
 * On PostgreSQL each query is a round trip, so the memberships come in the same query as a
 * JSON array (every membership column is text, so JSON keeps each value exactly). On SQLite
 * two statements on the connection cost less than building the JSON.
 */
const MEMBERSHIPS_COLUMN = 'm__memberships';
const sessionWithPersonAndMemberships = prepared(['sessionId'], (p: { sessionId: string }) => (db) =>
  sessionAndPerson(db, p.sessionId).select((eb) =>
    jsonArrayFrom(eb.selectFrom('memberships').selectAll('memberships').whereRef('memberships.organisation_id', '=', 'users.organisation_id').whereRef('memberships.user_id', '=', 'users.id')).as(MEMBERSHIPS_COLUMN),
  ),
);
const membershipsOf = prepared(['organisationId', 'userId'], (p: { organisationId: string; userId: string }) => (db) =>
  db.selectFrom('memberships').selectAll().where('organisation_id', '=', p.organisationId).where('user_id', '=', p.userId),
);

/** Finds the live session for a cookie token, with its person and their memberships. */
export async function loadSession(
  db: Db,
  token: string,
  times: SessionTimes,
): Promise<{ session: Session; user: User; memberships: Membership[] } | null> {
  if (token.length < 20 || token.length > 100) return null;
  // One query for the session and its person (and on PostgreSQL their memberships): this runs on every signed-in request.
  const withMemberships = engineOf(db) === 'postgres';
  const row = withMemberships ? await sessionWithPersonAndMemberships.takeFirst(db, { sessionId: sha256(token) }) : await sessionWithPerson.takeFirst(db, { sessionId: sha256(token) });
  if (!row) return null;
  const { session, user } = splitSessionRow(row as unknown as Record<string, unknown>);
  if (!sessionIsLive(session, times)) return null;
  if (!user || user.disabled_at) return null;
  const memberships = withMemberships
    ? ((row as unknown as Record<string, unknown>)[MEMBERSHIPS_COLUMN] as Membership[])
    : ((await membershipsOf.all(db, { organisationId: user.organisation_id, userId: user.id })) as Membership[]);
  if (times.clock() - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
    const lastSeen = nowIso(times.clock);
    await db.updateTable('sessions').set({ last_seen_at: lastSeen }).where('id', '=', session.id).execute();
    session.last_seen_at = lastSeen;
  }
  return { session, user, memberships };
}

export async function revokeSession(db: DbOrTrx, sessionId: string, clock: () => number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: nowIso(clock) }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a person (sign-out everywhere, password change, disabling). */
export async function revokeUserSessions(db: DbOrTrx, userId: string, clock: () => number, exceptSessionId?: string): Promise<void> {
  let query = db.updateTable('sessions').set({ revoked_at: nowIso(clock) }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}
