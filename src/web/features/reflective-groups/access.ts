import type { Role } from '../../../shared/roles.js';

/** Who sees a service's reflective practice groups (the server checks again). */
export const GROUP_READ_ROLES: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'crisis_responder'];
/** Who records a session. */
export const GROUP_RECORD_ROLES: readonly Role[] = ['senior_peer', 'service_manager'];
