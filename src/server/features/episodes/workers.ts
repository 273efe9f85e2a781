import type { DbOrTrx } from '../../db/scope.js';
import { activeStaffHolding } from '../users/queries.js';

/** Roles that can be allocated to support someone in an episode. */
export const WORKER_ROLES = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'] as const;

/**
 * The people who can support someone in a service: active accounts holding a worker role
 * in that service or across the whole organisation. One rule for both the caseloads list
 * and allocation, so everyone who can be allocated is also shown with their caseload.
 */
export function serviceWorkers(db: DbOrTrx, organisationId: string, serviceId: string) {
  return activeStaffHolding(db, organisationId, serviceId, WORKER_ROLES, 'service_or_organisation').select('users.caseload_max');
}
