import { recordAudit } from '../../audit/audit.js';
import { hashPassword, passwordProblem } from '../../auth/passwords.js';
import { randomToken, sha256 } from '../../auth/secrets.js';
import type { Db } from '../../db/database.js';
import { newId, nowIso } from '../../db/values.js';
import type { Actor, Deps } from '../../http/context.js';
import { AppError, badRequest, conflict } from '../../http/errors.js';
import { alwaysOpen } from '../../../shared/opening-hours.js';

const SETUP_LINK_HOURS = 24;

export async function setupRequired(db: Db): Promise<boolean> {
  const org = await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  return !org;
}

/**
 * On an empty database, makes a one-time setup link (replacing any earlier one).
 * Only the holder of this link can create the first organisation and its admin.
 */
export async function issueSetupLink(deps: Deps): Promise<string | null> {
  if (!(await setupRequired(deps.db))) return null;
  const token = randomToken(24);
  const now = nowIso(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('one_time_tokens').where('purpose', '=', 'setup').execute();
    await trx
      .insertInto('one_time_tokens')
      .values({ id: sha256(token), purpose: 'setup', organisation_id: null, user_id: null, created_by: null, expires_at: new Date(deps.clock() + SETUP_LINK_HOURS * 3_600_000).toISOString(), used_at: null, created_at: now })
      .execute();
  });
  return `${deps.config.publicUrl}/app/setup?token=${token}`;
}

export const slugify = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'organisation';

export interface SetupInput {
  token: string;
  organisationName: string;
  displayName: string;
  email: string;
  password: string;
}

/** Creates the first organisation, a first service and its administrator, in one transaction. */
export async function completeSetup(deps: Deps, actor: Actor, input: SetupInput): Promise<{ userId: string; organisationId: string }> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw badRequest('Choose a different password.', { password: problem });
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    const token = await trx.selectFrom('one_time_tokens').selectAll().where('id', '=', sha256(input.token)).where('purpose', '=', 'setup').executeTakeFirst();
    if (!token || token.used_at || Date.parse(token.expires_at) <= deps.clock()) {
      throw new AppError(410, 'link_expired', 'This setup link has expired or been used. Restart the server to get a new one.');
    }
    const existing = await trx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (existing) throw conflict('This installation is already set up.');
    const organisationId = newId();
    const userId = newId();
    const serviceId = newId();
    await trx.insertInto('organisations').values({ id: organisationId, name: input.organisationName, slug: slugify(input.organisationName), under16_service_name: null, under16_phone: null, is_demo: 0, created_at: now, updated_at: now, version: 1 }).execute();
    await trx
      .insertInto('services')
      .values({ id: serviceId, organisation_id: organisationId, slug: 'main', name: `${input.organisationName} crisis service`, type: 'safe_haven', area: '', description: '', opening_hours: JSON.stringify(alwaysOpen()), session_limit: 10, is_default: 1, archived_at: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    await trx
      .insertInto('users')
      .values({ id: userId, organisation_id: organisationId, email: input.email, display_name: input.displayName, password_hash: passwordHash, password_changed_at: now, totp_secret: null, totp_enabled: 0, totp_last_step: null, caseload_max: null, is_demo: 0, disabled_at: null, created_at: now, updated_at: now, version: 1 })
      .execute();
    await trx.insertInto('memberships').values({ id: newId(), organisation_id: organisationId, user_id: userId, service_id: null, team_id: null, role: 'org_admin', created_at: now }).execute();
    await trx.updateTable('one_time_tokens').set({ used_at: now }).where('id', '=', token.id).execute();
    await recordAudit(trx, deps.audit, { organisationId, actorUserId: userId, action: 'setup.complete', entityType: 'organisation', entityId: organisationId, source: actor.source, requestId: actor.requestId, details: { serviceId } });
    return { userId, organisationId };
  });
}
