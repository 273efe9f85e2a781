import type { Role } from '../../../shared/roles.js';

export interface Capability {
  key: string;
  title: string;
  description: string;
  /** Where it lives once built; absent while it is still to come. */
  to?: string;
  roles: readonly Role[];
}

const ALL_STAFF: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'org_admin'];

/** Every capability of Alongside, in the order a person would look for them. */
export const CAPABILITIES: readonly Capability[] = [
  { key: 'contacts', title: 'Contacts and live board', description: 'Record who came in or called, and see who is with whom right now.', to: '/board', roles: ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'] },
  { key: 'people', title: 'People', description: 'The people your service supports, in their own words: what helps, who they have.', to: '/people', roles: ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'] },
  { key: 'my-people', title: 'My people', description: 'Everyone you are offering peer support to, their sessions and next steps.', to: '/caseload', roles: ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'] },
  { key: 'caseloads', title: 'Caseloads', description: 'How many people each worker is supporting, against the maximum agreed with them.', to: '/caseloads', roles: ['shift_lead', 'service_manager'] },
  { key: 'plans', title: 'Crisis plans', description: 'Plans people write with you, agree, and choose who sees.', to: '/plans', roles: ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner'] },
  { key: 'escalations', title: 'Escalations', description: 'Raise a concern, follow the agreed steps, and see it through to the end.', roles: [...ALL_STAFF, 'clinical_partner'] },
  { key: 'supervision', title: 'Supervision', description: 'Peer and line supervision: sessions, notes you agree, and what comes next.', roles: [...ALL_STAFF] },
  { key: 'rota', title: 'Rota', description: 'Who is on shift, swaps, and reasonable adjustments.', roles: [...ALL_STAFF] },
  { key: 'workforce', title: 'Workforce', description: 'Recruitment, training and how ready each team is.', roles: ['service_manager', 'org_admin'] },
  { key: 'admin', title: 'Administration', description: 'Your organisation, services, teams, staff accounts and the audit trail.', to: '/admin', roles: ['service_manager', 'org_admin'] },
  { key: 'reports', title: 'Reports', description: 'How the service is doing, counted without naming anyone.', to: '/reports', roles: ['service_manager', 'org_admin', 'commissioner'] },
  { key: 'wellbeing', title: 'Your wellbeing', description: 'Check in and out of a shift, keep a wellbeing plan, ask for a debrief, keep a private journal.', to: '/wellbeing', roles: [...ALL_STAFF, 'clinical_partner', 'crisis_responder'] },
];

/** The capabilities a person with these roles sees, each once: the ones ready to use first. */
export function capabilitiesFor(roles: ReadonlySet<Role>): Capability[] {
  const mine = CAPABILITIES.filter((c) => c.roles.some((r) => roles.has(r)));
  return [...mine.filter((c) => c.to), ...mine.filter((c) => !c.to)];
}

/** "Good morning" / "Good afternoon" / "Good evening", by the hour in the person's own clock. */
export function greetingFor(hour: number): string {
  if (hour < 5) return 'Hello';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}
