import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Membership, User } from '../../db/tables.js';
import { flag } from '../../db/values.js';
import type { MembershipOut, UserOut } from '../../../shared/admin.js';

export interface MembershipRow {
  id: string;
  user_id: string;
  role: Membership['role'];
  service_id: string | null;
  service_name: string | null;
}

export const userOut = (user: User, memberships: MembershipRow[]): UserOut => ({
  id: user.id,
  email: user.email,
  displayName: user.display_name,
  status: user.disabled_at ? 'disabled' : user.password_hash ? 'active' : 'invited',
  totpEnabled: flag(user.totp_enabled),
  memberships: memberships
    .filter((m) => m.user_id === user.id)
    .map((m): MembershipOut => ({ id: m.id, role: m.role, serviceId: m.service_id, serviceName: m.service_name })),
  createdAt: user.created_at,
  updatedAt: user.updated_at,
  version: Number(user.version),
});

/** Memberships of the given people (all of the organisation's when userIds is omitted), with service names. */
export async function membershipsOf(db: DbOrTrx, organisationId: string, userIds?: string[]): Promise<MembershipRow[]> {
  if (userIds && userIds.length === 0) return [];
  let query = scoped(db, 'memberships', organisationId)
    .leftJoin('services', 'services.id', 'memberships.service_id')
    .select(['memberships.id', 'memberships.user_id', 'memberships.role', 'memberships.service_id', 'services.name as service_name'])
    .orderBy('memberships.created_at')
    .orderBy('memberships.id');
  if (userIds) query = query.where('memberships.user_id', 'in', userIds);
  return (await query.execute()) as MembershipRow[];
}

export async function findUser(db: DbOrTrx, organisationId: string, userId: string): Promise<User | undefined> {
  return (await scoped(db, 'users', organisationId).selectAll().where('users.id', '=', userId).executeTakeFirst()) as User | undefined;
}

export async function listUsers(db: DbOrTrx, organisationId: string): Promise<User[]> {
  return (await scoped(db, 'users', organisationId).selectAll().orderBy('users.display_name').orderBy('users.id').execute()) as User[];
}

/**
 * Active accounts holding one of `roles` in this service, or (with 'service_or_organisation')
 * in it or across the whole organisation: their id and display name. A query to add to (more
 * columns, who to leave out, an order): the one rule behind "who can support, be supported or
 * be allocated here".
 */
export function activeStaffHolding(db: DbOrTrx, organisationId: string, serviceId: string, roles: readonly Membership['role'][], where: 'service' | 'service_or_organisation') {
  return scoped(db, 'users', organisationId)
    .select(['users.id', 'users.display_name'])
    .where('users.disabled_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select('memberships.id')
          .whereRef('memberships.user_id', '=', 'users.id')
          .where('memberships.role', 'in', [...roles])
          .where((inner) =>
            inner.or(where === 'service' ? [inner('memberships.service_id', '=', serviceId)] : [inner('memberships.service_id', '=', serviceId), inner('memberships.service_id', 'is', null)]),
          ),
      ),
    );
}
