/** Which of the signed-in person's services a screen can act in (the server checks again). */
import type { Role } from '../../../shared/roles.js';
import type { SessionUser } from '../../api/types.js';

export const PEER_ROLES: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'];
export const LEAD_ROLES: readonly Role[] = ['shift_lead', 'service_manager'];
export const MERGE_ROLES: readonly Role[] = ['shift_lead', 'service_manager'];
export const UNDO_MERGE_ROLES: readonly Role[] = ['service_manager', 'org_admin'];
export const ADJUSTMENT_ROLES: readonly Role[] = ['service_manager', 'org_admin'];

/** The services where this person holds one of `roles`, each once, by name. */
export function servicesWhere(user: Pick<SessionUser, 'memberships'>, roles: readonly Role[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of user.memberships) if (m.serviceId && roles.includes(m.role) && !seen.has(m.serviceId)) seen.set(m.serviceId, m.serviceName ?? 'Service');
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** True when this person holds one of `roles` in this service (or organisation-wide). */
export function holdsIn(user: Pick<SessionUser, 'memberships'>, serviceId: string, roles: readonly Role[]): boolean {
  return user.memberships.some((m) => roles.includes(m.role) && (m.serviceId === serviceId || m.serviceId === null));
}
