import { recordAudit } from '../../audit/audit.js';
import { hashPassword, passwordProblem } from '../../auth/passwords.js';
import { sha256 } from '../../auth/secrets.js';
import { revokeUserSessions } from '../../auth/sessions.js';
import type { DbOrTrx } from '../../db/scope.js';
import type { OneTimeTokensTable, User } from '../../db/tables.js';
import { nowIso } from '../../db/values.js';
import type { Actor, Deps } from '../../http/context.js';
import { AppError, badRequest } from '../../http/errors.js';
import type { InvitationOut } from '../../../shared/auth.js';

const linkExpired = () =>
  new AppError(410, 'link_expired', 'This invitation link has expired or has already been used. Please ask your administrator to send you a new one.');
const linkUnknown = () =>
  new AppError(404, 'not_found', 'We could not find this invitation. Check you copied the whole link, or ask your administrator to send a new one.');

interface LiveInvitation {
  token: OneTimeTokensTable;
  user: User;
  organisationName: string;
}

/** The invitation behind a link, if it is still usable; otherwise a kind 404 or 410. */
async function liveInvitation(deps: Deps, db: DbOrTrx, rawToken: string): Promise<LiveInvitation> {
  const token = await db.selectFrom('one_time_tokens').selectAll().where('id', '=', sha256(rawToken)).where('purpose', '=', 'invite').executeTakeFirst();
  if (!token || !token.user_id || !token.organisation_id) throw linkUnknown();
  if (token.used_at || Date.parse(token.expires_at) <= deps.clock()) throw linkExpired();
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).where('organisation_id', '=', token.organisation_id).executeTakeFirst();
  // A disabled account's invitation no longer works.
  if (!user || user.disabled_at) throw linkExpired();
  const org = await db.selectFrom('organisations').select('name').where('id', '=', token.organisation_id).executeTakeFirstOrThrow();
  return { token, user, organisationName: org.name };
}

export async function getInvitation(deps: Deps, rawToken: string): Promise<InvitationOut> {
  const { user, organisationName } = await liveInvitation(deps, deps.db, rawToken);
  return { email: user.email, displayName: user.display_name, organisationName };
}

/** Sets the invited person's password and uses up the link; they then sign in as usual. */
export async function acceptInvitation(deps: Deps, actor: Actor, rawToken: string, password: string): Promise<{ email: string }> {
  const first = await liveInvitation(deps, deps.db, rawToken);
  const problem = passwordProblem(password, first.user.email);
  if (problem) throw badRequest('Choose a different password.', { password: problem });
  const passwordHash = await hashPassword(password);
  return deps.db.transaction().execute(async (trx) => {
    const { token, user } = await liveInvitation(deps, trx, rawToken);
    const now = nowIso(deps.clock);
    // Only one acceptance wins, even if two arrive at once.
    const used = await trx.updateTable('one_time_tokens').set({ used_at: now }).where('id', '=', token.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw linkExpired();
    await trx
      .updateTable('users')
      .set((eb) => ({ password_hash: passwordHash, password_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .where('organisation_id', '=', user.organisation_id)
      .execute();
    // Setting a password through a link ends any session made with an earlier one.
    await revokeUserSessions(trx, user.id, deps.clock);
    await recordAudit(trx, deps.audit, { organisationId: user.organisation_id, actorUserId: user.id, action: 'invitation.accept', entityType: 'user', entityId: user.id, source: actor.source, requestId: actor.requestId });
    return { email: user.email };
  });
}
