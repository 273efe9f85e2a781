import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row types for both engines. Conventions that keep one set of queries working on
 * SQLite and PostgreSQL alike (see docs/decisions.md):
 * - ids are UUIDv7 text, created by whoever creates the record;
 * - timestamps are UTC ISO-8601 text (`new Date().toISOString()`), so they sort as text;
 * - flags are integers 0/1 (`Flag`), read through `flag()` in db/values.ts;
 * - JSON is stored as text and read through `json()` in db/values.ts.
 */
export type Flag = 0 | 1;
export type IsoTime = string;

export const ROLES = [
  'peer_worker',
  'senior_peer',
  'shift_lead',
  'service_manager',
  'clinical_partner',
  'commissioner',
  'org_admin',
] as const;
export type Role = (typeof ROLES)[number];

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

export interface OrganisationsTable {
  id: string;
  name: string;
  slug: string;
  /** Where under-16s are routed: the service the organisation names for them. */
  under16_service_name: string | null;
  under16_phone: string | null;
  is_demo: Flag;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface ServicesTable {
  id: string;
  organisation_id: string;
  slug: string;
  name: string;
  type: ServiceType;
  area: string;
  description: string;
  /** JSON: OpeningHours (shared/opening-hours.ts). */
  opening_hours: string;
  session_limit: number;
  is_default: Flag;
  archived_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface TeamsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  name: string;
  archived_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  /** Lower-cased; unique across the installation so sign-in needs no organisation. */
  email: string;
  display_name: string;
  /** null until the person sets a password through their invitation link. */
  password_hash: string | null;
  password_changed_at: IsoTime | null;
  /** AES-GCM sealed TOTP secret (auth/secrets.ts); null when no second factor. */
  totp_secret: string | null;
  totp_enabled: Flag;
  /** The last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: number | null;
  is_demo: Flag;
  disabled_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface MembershipsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  /** null: the role applies across the whole organisation. */
  service_id: string | null;
  team_id: string | null;
  role: Role;
  created_at: IsoTime;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a database reader cannot use it to sign in. */
  id: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  /** 'full' or 'enrol_mfa' (signed in, but must set up a second factor first). */
  stage: string;
  created_at: IsoTime;
  last_seen_at: IsoTime;
  expires_at: IsoTime;
  reauthenticated_at: IsoTime;
  user_agent: string;
  revoked_at: IsoTime | null;
}

export interface LoginThrottleTable {
  /** 'account:<sha256(email)>' or 'address:<sha256(ip)>'. */
  key: string;
  failures: number;
  first_failure_at: IsoTime;
  locked_until: IsoTime | null;
}

export interface OneTimeTokensTable {
  /** sha256 of the token sent in the link. */
  id: string;
  purpose: 'setup' | 'invite';
  organisation_id: string | null;
  user_id: string | null;
  created_by: string | null;
  expires_at: IsoTime;
  used_at: IsoTime | null;
  created_at: IsoTime;
}

export interface AuditEventsTable {
  seq: number;
  id: string;
  at: IsoTime;
  organisation_id: string | null;
  actor_user_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  /** Keyed digest of the client address: "from where" without storing the address. */
  source_digest: string | null;
  request_id: string | null;
  /** JSON of ids, codes and field names only; never free text about a person. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AppliedMutationsTable {
  client_mutation_id: string;
  user_id: string;
  organisation_id: string;
  route: string;
  status_code: number;
  response: string;
  created_at: IsoTime;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface Database {
  organisations: OrganisationsTable;
  services: ServicesTable;
  teams: TeamsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  one_time_tokens: OneTimeTokensTable;
  audit_events: AuditEventsTable;
  applied_mutations: AppliedMutationsTable;
  app_meta: AppMetaTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type Service = Selectable<ServicesTable>;
export type Team = Selectable<TeamsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type UserUpdate = Updateable<UsersTable>;
// Kept for later tables with generated columns.
export type { ColumnType, Generated };
