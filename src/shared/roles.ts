/** Staff roles, per service membership (or organisation-wide). Mirrors the server's matrix. */
export const ROLES = [
  'peer_worker',
  'senior_peer',
  'shift_lead',
  'service_manager',
  'clinical_partner',
  'commissioner',
  'org_admin',
  'crisis_responder',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  peer_worker: 'Peer support worker',
  senior_peer: 'Senior peer support worker',
  shift_lead: 'Shift lead',
  service_manager: 'Service manager',
  clinical_partner: 'Partner (crisis team, liaison, police, ambulance)',
  commissioner: 'Commissioner',
  org_admin: 'Organisation administrator',
  crisis_responder: 'Crisis responder (staff peer support only)',
};

/** Roles that must use a second factor (DESIGN.md: admins and managers). */
export const ROLES_NEEDING_TOTP: readonly Role[] = ['org_admin', 'service_manager'];

/** Roles that can only be held across the whole organisation. */
export const ORGANISATION_WIDE_ROLES: readonly Role[] = ['org_admin', 'commissioner'];

export const SERVICE_TYPES = [
  'safe_haven',
  'crisis_cafe',
  'ae_peer_support',
  'crisis_team_peer_support',
  'carers_peer_support',
  'staff_peer_support',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SERVICE_TYPE_LABELS: Record<ServiceType, string> = {
  safe_haven: 'Safe haven',
  crisis_cafe: 'Crisis café',
  ae_peer_support: 'Peer support in A&E',
  crisis_team_peer_support: 'Peer support in a crisis team',
  carers_peer_support: "Carers' peer support",
  staff_peer_support: 'Peer support for crisis staff',
  other: 'Other',
};
