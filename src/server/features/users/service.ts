import { recordAudit } from '../../audit/audit.js';
import { randomToken, sha256 } from '../../auth/secrets.js';
import { revokeUserSessions } from '../../auth/sessions.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Role, User, UsersTable } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { isUniqueViolation, updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import { ORGANISATION_WIDE_ROLES } from '../../../shared/roles.js';
import type { InvitationLinkOut, MembershipCreate, MembershipOut, UserInvite, UserInvitedOut, UserOut, UserPatch } from '../../../shared/admin.js';
import { requireRecentReauth } from '../account/service.js';
import { findUser, listUsers as listUserRows, membershipsOf, userOut } from './queries.js';

export const INVITATION_DAYS = 7;

/** What a person may do with staff accounts: administrators everything, service managers their services. */
export interface StaffScope {
  isAdmin: boolean;
  /** Sees and invites into every service. */
  allServices: boolean;
  managedServiceIds: Set<string>;
}

export function staffScope(auth: Pick<Auth, 'memberships'>): StaffScope {
  const isAdmin = auth.memberships.some((m) => m.role === 'org_admin');
  const managed = auth.memberships.filter((m) => m.role === 'service_manager');
  return {
    isAdmin,
    allServices: isAdmin || managed.some((m) => m.service_id === null),
    managedServiceIds: new Set(managed.map((m) => m.service_id).filter((id): id is string => id !== null)),
  };
}

/** Service managers see the people who hold a role in a service they manage. */
function canSee(scope: StaffScope, memberships: { service_id: string | null }[]): boolean {
  return scope.allServices || memberships.some((m) => m.service_id !== null && scope.managedServiceIds.has(m.service_id));
}

const userNotFound = () => notFound('That person');

export async function listUsers(db: DbOrTrx, auth: Auth): Promise<UserOut[]> {
  const scope = staffScope(auth);
  const [users, memberships] = await Promise.all([listUserRows(db, auth.organisationId), membershipsOf(db, auth.organisationId)]);
  return users
    .filter((u) => canSee(scope, memberships.filter((m) => m.user_id === u.id)))
    .map((u) => userOut(u, memberships));
}

async function describeUser(db: DbOrTrx, user: User): Promise<UserOut> {
  return userOut(user, await membershipsOf(db, user.organisation_id, [user.id]));
}

export async function getUser(db: DbOrTrx, auth: Auth, userId: string): Promise<UserOut> {
  const user = await findUser(db, auth.organisationId, userId);
  if (!user) throw userNotFound();
  const out = await describeUser(db, user);
  if (!canSee(staffScope(auth), out.memberships.map((m) => ({ service_id: m.serviceId })))) throw userNotFound();
  return out;
}

/**
 * Roles are either organisation-wide (administrator, commissioner: no service) or held
 * in one of this organisation's services. Answers 400 with a field error per problem.
 */
async function checkMemberships(db: DbOrTrx, organisationId: string, memberships: MembershipCreate[], fieldPrefix: (index: number) => string): Promise<void> {
  const fields: Record<string, string> = {};
  const serviceIds = [...new Set(memberships.map((m) => m.serviceId).filter((id): id is string => id !== null))];
  const rows = serviceIds.length ? ((await scoped(db, 'services', organisationId).select(['services.id', 'services.type']).where('services.id', 'in', serviceIds).execute()) as { id: string; type: string }[]) : [];
  const known = new Set(rows.map((s) => s.id));
  // Crisis responders (partner staff given staff peer support only) belong to a staff peer support service.
  const staffPeerSupport = new Set(rows.filter((s) => s.type === 'staff_peer_support').map((s) => s.id));
  memberships.forEach((m, index) => {
    const field = `${fieldPrefix(index)}serviceId`;
    if (ORGANISATION_WIDE_ROLES.includes(m.role)) {
      if (m.serviceId !== null) fields[field] = 'Administrators and commissioners work across the whole organisation: leave the service empty';
    } else if (m.serviceId === null) {
      fields[field] = 'Choose the service this role is for';
    } else if (!known.has(m.serviceId)) {
      fields[field] = 'Choose one of your organisation’s services';
    } else if (m.role === 'crisis_responder' && !staffPeerSupport.has(m.serviceId)) {
      fields[field] = 'Crisis responders join a peer support service for crisis staff: choose one of those';
    }
  });
  if (Object.keys(fields).length) throw badRequest('Some of the roles need a change. Check the fields listed.', fields);
}

/** Service managers may only give service roles, and only in services they manage. */
function checkMayGrant(scope: StaffScope, memberships: MembershipCreate[]): void {
  if (scope.isAdmin) return;
  if (memberships.some((m) => ORGANISATION_WIDE_ROLES.includes(m.role))) {
    throw forbidden('Only an organisation administrator can give the administrator or commissioner role.');
  }
}
function checkMayGrantInServices(scope: StaffScope, memberships: MembershipCreate[]): void {
  if (scope.allServices) return;
  if (memberships.some((m) => m.serviceId === null || !scope.managedServiceIds.has(m.serviceId))) {
    throw forbidden('You can only invite people into services you manage.');
  }
}

/** Makes a fresh invitation link for a person, replacing any earlier one. */
async function issueInvitation(deps: Deps, trx: DbOrTrx, actor: Actor, user: Pick<User, 'id' | 'organisation_id'>): Promise<InvitationLinkOut> {
  const token = randomToken(32);
  const expiresAt = new Date(deps.clock() + INVITATION_DAYS * 24 * 3_600_000).toISOString();
  await trx.deleteFrom('one_time_tokens').where('purpose', '=', 'invite').where('user_id', '=', user.id).execute();
  await trx
    .insertInto('one_time_tokens')
    .values({ id: sha256(token), purpose: 'invite', organisation_id: user.organisation_id, user_id: user.id, created_by: actor.userId, expires_at: expiresAt, used_at: null, created_at: nowIso(deps.clock) })
    .execute();
  return { invitationUrl: `${deps.config.publicUrl}/app/invite?token=${token}`, expiresAt };
}

const emailTaken = () =>
  conflict('Someone already has an account with this email address.', undefined, { email: 'Someone already has an account with this email address' });

/** Creates an account without a password, its roles and a 7-day invitation link for the admin to pass on. */
export async function inviteUser(deps: Deps, actor: Actor, auth: Auth, input: UserInvite): Promise<UserInvitedOut> {
  const scope = staffScope(auth);
  checkMayGrant(scope, input.memberships);
  // The same role in the same place twice is one role.
  const wanted = [...new Map(input.memberships.map((m) => [`${m.role}:${m.serviceId ?? ''}`, m])).values()];
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await checkMemberships(trx, auth.organisationId, input.memberships, (i) => `memberships.${i}.`);
      checkMayGrantInServices(scope, wanted);
      const taken = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
      if (taken) throw emailTaken();
      const now = nowIso(deps.clock);
      const user: User = {
        id: newId(),
        organisation_id: auth.organisationId,
        email: input.email,
        display_name: input.displayName,
        password_hash: null,
        password_changed_at: null,
        totp_secret: null,
        totp_enabled: 0,
        totp_last_step: null,
        caseload_max: null,
        is_demo: 0,
        disabled_at: null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await trx.insertInto('users').values(user).execute();
      for (const m of wanted) {
        await trx.insertInto('memberships').values({ id: newId(), organisation_id: auth.organisationId, user_id: user.id, service_id: m.serviceId, team_id: null, role: m.role, created_at: now }).execute();
      }
      const link = await issueInvitation(deps, trx, actor, user);
      await recordAudit(trx, deps.audit, auditInput(actor, {
        action: 'user.invite',
        entityType: 'user',
        entityId: user.id,
        details: { memberships: wanted.map((m) => ({ role: m.role, serviceId: m.serviceId })) },
      }));
      return { user: await describeUser(trx, user), ...link };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/** Renames, disables or re-enables an account. Disabling ends every session they have. */
export async function updateUser(deps: Deps, actor: Actor, auth: Auth, userId: string, patch: UserPatch): Promise<UserOut> {
  const { version, ...changes } = patch;
  if (changes.disabled !== undefined) requireRecentReauth(deps, auth);
  if (changes.disabled === true && userId === auth.user.id) {
    throw conflict('You cannot disable your own account. If it needs doing, ask another administrator.');
  }
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const existing = await findUser(trx, auth.organisationId, userId);
    const memberships = existing ? await membershipsOf(trx, auth.organisationId, [userId]) : [];
    const set: Partial<UsersTable> = {};
    if (changes.displayName !== undefined) set.display_name = changes.displayName;
    if (changes.disabled !== undefined) set.disabled_at = changes.disabled ? (existing?.disabled_at ?? now) : null;
    const row = await updateVersioned(trx, 'users', { id: userId, organisationId: auth.organisationId, version }, set, {
      now,
      describe: (u: User) => userOut(u, memberships),
      submitted: patch,
      what: 'That person',
    });
    if (changes.disabled === true) await revokeUserSessions(trx, userId, deps.clock);
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: changes.disabled === true ? 'user.disable' : changes.disabled === false ? 'user.enable' : 'user.update',
      entityType: 'user',
      entityId: userId,
      details: { fields: Object.keys(changes) },
    }));
    return describeUser(trx, row);
  });
}

/**
 * Clears someone's second factor (a lost or replaced phone). Their sessions end, and
 * if their roles need a second factor they set up a new one at their next sign-in.
 */
export async function resetSecondFactor(deps: Deps, actor: Actor, auth: Auth, userId: string): Promise<UserOut> {
  requireRecentReauth(deps, auth);
  if (userId === auth.user.id) throw conflict('You cannot reset your own second factor here. Use your account page, or ask another administrator.');
  return deps.db.transaction().execute(async (trx) => {
    const user = await findUser(trx, auth.organisationId, userId);
    if (!user) throw userNotFound();
    const now = nowIso(deps.clock);
    await trx
      .updateTable('users')
      .set({ totp_secret: null, totp_enabled: 0, totp_last_step: null, updated_at: now, version: user.version + 1 })
      .where('id', '=', user.id)
      .where('organisation_id', '=', auth.organisationId)
      .execute();
    await revokeUserSessions(trx, user.id, deps.clock);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'user.totp_reset', entityType: 'user', entityId: user.id }));
    const updated = await findUser(trx, auth.organisationId, userId);
    return describeUser(trx, updated!);
  });
}

/** A new invitation link for someone who has not set a password yet; earlier links stop working. */
export async function reissueInvitation(deps: Deps, actor: Actor, auth: Auth, userId: string): Promise<InvitationLinkOut> {
  return deps.db.transaction().execute(async (trx) => {
    const user = await findUser(trx, auth.organisationId, userId);
    if (!user) throw userNotFound();
    if (user.password_hash) throw conflict('This person has already set a password, so they do not need an invitation. They can sign in as usual.');
    if (user.disabled_at) throw conflict('This account is disabled. Re-enable it before sending a new invitation.');
    const link = await issueInvitation(deps, trx, actor, user);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'user.invitation', entityType: 'user', entityId: user.id }));
    return link;
  });
}

export async function addMembership(deps: Deps, actor: Actor, auth: Auth, userId: string, input: MembershipCreate): Promise<MembershipOut> {
  requireRecentReauth(deps, auth);
  return deps.db.transaction().execute(async (trx) => {
    const user = await findUser(trx, auth.organisationId, userId);
    if (!user) throw userNotFound();
    await checkMemberships(trx, auth.organisationId, [input], () => '');
    let same = scoped(trx, 'memberships', auth.organisationId).select('memberships.id').where('memberships.user_id', '=', userId).where('memberships.role', '=', input.role);
    same = input.serviceId === null ? same.where('memberships.service_id', 'is', null) : same.where('memberships.service_id', '=', input.serviceId);
    if (await same.executeTakeFirst()) throw conflict('They already have this role here.');
    const id = newId();
    await trx.insertInto('memberships').values({ id, organisation_id: auth.organisationId, user_id: userId, service_id: input.serviceId, team_id: null, role: input.role, created_at: nowIso(deps.clock) }).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'membership.create', entityType: 'membership', entityId: id, details: { userId, role: input.role, serviceId: input.serviceId } }));
    const service = input.serviceId ? await scoped(trx, 'services', auth.organisationId).select('services.name').where('services.id', '=', input.serviceId).executeTakeFirst() : undefined;
    return { id, role: input.role, serviceId: input.serviceId, serviceName: (service as { name: string } | undefined)?.name ?? null };
  });
}

/** Removes a role. Nobody removes their own last administrator role, and an organisation keeps at least one administrator. */
export async function removeMembership(deps: Deps, actor: Actor, auth: Auth, userId: string, membershipId: string): Promise<void> {
  requireRecentReauth(deps, auth);
  await deps.db.transaction().execute(async (trx) => {
    const membership = (await scoped(trx, 'memberships', auth.organisationId)
      .select(['memberships.id', 'memberships.role', 'memberships.service_id'])
      .where('memberships.id', '=', membershipId)
      .where('memberships.user_id', '=', userId)
      .executeTakeFirst()) as { id: string; role: Role; service_id: string | null } | undefined;
    if (!membership) throw notFound('That role');
    if (membership.role === 'org_admin') {
      const admins = (await scoped(trx, 'memberships', auth.organisationId)
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.id', 'memberships.user_id'])
        .where('memberships.role', '=', 'org_admin')
        .where('memberships.id', '!=', membershipId)
        .where('users.disabled_at', 'is', null)
        .execute()) as { id: string; user_id: string }[];
      if (userId === auth.user.id && !admins.some((a) => a.user_id === userId)) {
        throw conflict('You cannot remove your own administrator role. If it needs doing, ask another administrator.');
      }
      if (admins.length === 0) throw conflict('The organisation needs at least one administrator. Give someone else the role first.');
    }
    await trx.deleteFrom('memberships').where('id', '=', membershipId).where('organisation_id', '=', auth.organisationId).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'membership.delete', entityType: 'membership', entityId: membershipId, details: { userId, role: membership.role, serviceId: membership.service_id } }));
  });
}
