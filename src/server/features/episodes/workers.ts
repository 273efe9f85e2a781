import { scoped, type DbOrTrx } from '../../db/scope.js';

/** Roles that can be allocated to support someone in an episode. */
export const WORKER_ROLES = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'] as const;

/**
 * The people who can support someone in a service: active accounts holding a worker role
 * in that service or across the whole organisation. One rule for both the caseloads list
 * and allocation, so everyone who can be allocated is also shown with their caseload.
 */
export function serviceWorkers(db: DbOrTrx, organisationId: string, serviceId: string) {
  return scoped(db, 'users', organisationId)
    .select(['users.id', 'users.display_name', 'users.caseload_max'])
    .where('users.disabled_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select('memberships.id')
          .whereRef('memberships.user_id', '=', 'users.id')
          .where('memberships.role', 'in', [...WORKER_ROLES])
          .where((inner) => inner.or([inner('memberships.service_id', '=', serviceId), inner('memberships.service_id', 'is', null)])),
      ),
    );
}
