import type { Role } from '../../../shared/roles.js';

/** Everyone on the staff side uses their own wellbeing pages, partner crisis responders included; commissioners do not. */
export const WELLBEING_ROLES: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner', 'org_admin', 'crisis_responder'];
