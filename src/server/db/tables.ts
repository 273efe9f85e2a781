import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role, ServiceType } from '../../shared/roles.js';
import type { CallbackStatusCode, ContactKindCode, ContactOutcomeCode, OtherwiseCode, ReferralSourceCode } from '../../shared/contact-codes.js';

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

// Roles and service types are shared with the web app: one list, in src/shared/roles.ts.
export { ROLES, SERVICE_TYPES, type Role, type ServiceType } from '../../shared/roles.js';

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
  /** A reasonable adjustment: the most people this worker supports at once (null: no cap). */
  caseload_max: number | null;
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
  /**
   * The journal key unlocked for this session (issue 7), sealed under a key derived from the
   * cookie token, which the database never holds. Null until the worker unlocks their journal.
   */
  journal_key_sealed: string | null;
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

export {
  CALLBACK_STATUSES,
  CONTACT_KINDS,
  CONTACT_OUTCOMES,
  OTHERWISE_WOULD_HAVE,
  REFERRAL_SOURCES,
} from '../../shared/contact-codes.js';
export type ContactKind = ContactKindCode;
export type ReferralSource = ReferralSourceCode;
export type ContactOutcome = ContactOutcomeCode;
export type OtherwiseWouldHave = OtherwiseCode;
export type CallbackStatus = CallbackStatusCode;
export const EPISODE_STATUSES = ['offered', 'accepted', 'declined', 'closed'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
export const TRANSITION_STATUSES = ['planned', 'done', 'declined', 'no_longer_needed'] as const;
export type TransitionStatus = (typeof TRANSITION_STATUSES)[number];

export interface PeopleTable {
  id: string;
  organisation_id: string;
  preferred_name: string;
  full_name: string | null;
  pronouns: string | null;
  date_of_birth: string | null;
  approximate_age: number | null;
  age_recorded_on: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  preferred_language: string | null;
  communication_needs: string | null;
  nhs_number: string | null;
  /** JSON: equality-monitoring answers. */
  equality: string;
  what_helps: string | null;
  name_key: string;
  name_phonetic: string;
  merged_into_id: string | null;
  merged_at: IsoTime | null;
  /** The latest contact's arrival, kept by triggers on contacts (migration 0010). */
  last_contact_at: IsoTime | null;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface PersonMergesTable {
  id: string;
  organisation_id: string;
  kept_person_id: string;
  merged_person_id: string;
  /** JSON: { contacts: string[], episodes: string[] }. */
  moved: string;
  merged_by: string;
  merged_at: IsoTime;
  undone_by: string | null;
  undone_at: IsoTime | null;
}

export interface ContactsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  person_id: string | null;
  display_label: string | null;
  kind: ContactKind;
  referral_source: ReferralSource;
  referral_other: string | null;
  arrived_at: IsoTime;
  first_seen_at: IsoTime | null;
  left_at: IsoTime | null;
  worker_user_id: string | null;
  reason: string | null;
  what_helped: string | null;
  outcome: ContactOutcome | null;
  outcome_detail: string | null;
  /** JSON array of directory entry ids the person was signposted to (migration 0006). */
  signposted_to: string;
  otherwise_would_have: OtherwiseWouldHave | null;
  carers_present: Flag;
  carers_note: string | null;
  under16: Flag;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface CallbackRequestsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  name: string;
  how_to_reach: string;
  good_time: string | null;
  message: string | null;
  status: CallbackStatus;
  handled_by: string | null;
  contact_id: string | null;
  /** 'staff' (added on the board) or 'public' (the help page form); migration 0006. */
  source: 'staff' | 'public';
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

/** One Open Referral UK service (migration 0006): the document whole, plus columns for lists and filters. */
export interface DirectoryEntriesTable {
  id: string;
  organisation_id: string;
  /** Set when the entry describes one of the organisation's own services. */
  service_id: string | null;
  name: string;
  status: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  /** JSON array of taxonomy term codes. */
  taxonomy: string;
  min_age: number | null;
  max_age: number | null;
  /** JSON: the ORUK service document. */
  document: string;
  last_checked_at: IsoTime | null;
  last_checked_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface ShiftsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  user_id: string;
  started_at: IsoTime;
  ended_at: IsoTime | null;
}

export interface AlertsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  kind: string;
  status: 'open' | 'acknowledged' | 'closed';
  raised_at: IsoTime;
  acknowledged_by: string | null;
  acknowledged_at: IsoTime | null;
  closed_at: IsoTime | null;
  /** Migration 0009: where it came from (escalation, visit), its stage, and its unique key. */
  source_type: string | null;
  source_id: string | null;
  stage: string | null;
  dedupe_key: string | null;
  /** A duress alert: never shown to the worker who raised it. */
  silent: Generated<Flag>;
  /** JSON array of user ids who must act. */
  recipients: Generated<string>;
  reminders: Generated<number>;
  last_reminded_at: IsoTime | null;
  acknowledged_note: string | null;
}

export interface EpisodesTable {
  id: string;
  organisation_id: string;
  service_id: string;
  person_id: string;
  contact_id: string | null;
  status: EpisodeStatus;
  offered_at: IsoTime;
  accepted_at: IsoTime | null;
  declined_at: IsoTime | null;
  declined_reason: string | null;
  session_limit: number;
  /** JSON: [{ id, text, status }]. */
  goals: string;
  closed_at: IsoTime | null;
  closing_reason: string | null;
  closing_note: string | null;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface EpisodeWorkersTable {
  id: string;
  organisation_id: string;
  episode_id: string;
  user_id: string;
  allocated_at: IsoTime;
  ended_at: IsoTime | null;
}

export interface EpisodeSessionsTable {
  id: string;
  organisation_id: string;
  episode_id: string;
  number: number;
  held_at: IsoTime;
  worker_user_id: string | null;
  what_has_been_happening: string | null;
  strengths_and_resources: string | null;
  people_and_networks: string | null;
  help_from_services: string | null;
  next_steps: string | null;
  beyond_limit_reason: string | null;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface TransitionsTable {
  id: string;
  organisation_id: string;
  episode_id: string;
  to_directory_service_id: string | null;
  to_name: string;
  planned_date: string | null;
  handover_summary: string | null;
  share_consent: Flag;
  share_consent_at: IsoTime | null;
  share_consent_how: string | null;
  status: TransitionStatus;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

/** Crisis plans (issue 5; migration 0007). Codes and shapes live in shared/plans.ts. */
export interface CrisisPlansTable {
  id: string;
  organisation_id: string;
  person_id: string;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  reviewed_at: IsoTime | null;
  reviewed_by: string | null;
  version: number;
}

export interface CrisisPlanVersionsTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  number: number;
  state: 'draft' | 'agreed';
  /** JSON: PlanContent. */
  content: string;
  created_by: string | null;
  created_at: IsoTime;
  updated_by: string | null;
  updated_at: IsoTime;
  agreed_at: IsoTime | null;
  agreed_how: 'in_person' | 'own_device' | null;
  agreed_recorded_by: string | null;
  version: number;
}

export interface CrisisPlanSharesTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  recipient_kind: string;
  recipient_name: string;
  relationship: string | null;
  recipient_phone: string | null;
  recipient_email: string | null;
  recipient_service_id: string | null;
  recipient_directory_entry_id: string | null;
  /** JSON array of PlanSectionKey. */
  sections: string;
  consent_how: 'in_person' | 'own_device' | 'phone';
  starts_at: IsoTime;
  ends_at: IsoTime;
  revoked_at: IsoTime | null;
  revoked_by: string | null;
  created_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface CrisisPlanLinksTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  share_id: string | null;
  token_digest: string;
  code_digest: string;
  channel: 'sms' | 'email' | 'none';
  notification_id: string | null;
  created_by: string | null;
  created_at: IsoTime;
  expires_at: IsoTime;
  withdrawn_at: IsoTime | null;
  withdrawn_by: string | null;
  failed_attempts: number;
  locked_until: IsoTime | null;
  last_opened_at: IsoTime | null;
}

export interface CrisisPlanViewsTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  version_id: string | null;
  viewer_kind: 'staff' | 'partner' | 'break_glass' | 'person' | 'recipient';
  user_id: string | null;
  service_id: string | null;
  share_id: string | null;
  link_id: string | null;
  grant_id: string | null;
  viewed_at: IsoTime;
}

export interface CrisisPlanBreakGlassTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  person_id: string;
  service_id: string;
  user_id: string;
  reason: string;
  created_at: IsoTime;
  expires_at: IsoTime;
  reviewed_at: IsoTime | null;
  reviewed_by: string | null;
  review_note: string | null;
}

export interface NotificationsTable {
  id: string;
  organisation_id: string;
  channel: 'sms' | 'email';
  template: string;
  to_digest: string;
  status: 'sent' | 'failed';
  provider_reference: string | null;
  error_code: string | null;
  created_at: IsoTime;
}

/** The durable job queue (migration 0008; src/server/jobs/). */
export interface JobsTable {
  id: string;
  organisation_id: string | null;
  kind: string;
  key: string | null;
  payload: string;
  run_at: IsoTime;
  status: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  claim_token: string | null;
  locked_until: IsoTime | null;
  last_error: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  finished_at: IsoTime | null;
}

/** Escalations and lone working (issue 6; migration 0009). Shapes in shared/escalations.ts. */
export interface EscalationLaddersTable {
  id: string;
  organisation_id: string;
  service_id: string;
  /** JSON: LadderStep[]. */
  steps: string;
  updated_by: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: number;
}

export interface EscalationsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  person_id: string | null;
  contact_id: string | null;
  visit_id: string | null;
  raised_by: string | null;
  raised_at: IsoTime;
  concern: string;
  /** JSON: LadderStep[] as it was when raised. */
  steps: string;
  step_index: number;
  step_started_at: IsoTime;
  repeats: number;
  status: 'open' | 'acknowledged' | 'closed';
  acknowledged_by: string | null;
  acknowledged_at: IsoTime | null;
  outcome: string | null;
  closed_by: string | null;
  closed_at: IsoTime | null;
  updated_at: IsoTime;
  version: number;
}

export interface EscalationAttemptsTable {
  id: string;
  organisation_id: string;
  escalation_id: string;
  step_index: number;
  result: 'tried' | 'answered' | 'no_answer' | 'advice_given';
  note: string | null;
  attempted_at: IsoTime;
  recorded_by: string | null;
  recorded_at: IsoTime;
}

export interface EscalationViewsTable {
  id: string;
  organisation_id: string;
  escalation_id: string;
  perspective: 'peer' | 'clinical' | 'social_care';
  view: string;
  reasons: string;
  differs: Flag;
  recorded_by: string | null;
  recorded_at: IsoTime;
}

export interface LoneWorkingVisitsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  worker_user_id: string;
  location: string;
  person_id: string | null;
  contact_user_id: string | null;
  started_at: IsoTime;
  expected_end_at: IsoTime;
  checked_in_at: IsoTime | null;
  ended_at: IsoTime | null;
  end_kind: 'checked_out' | 'cancelled' | 'duress' | null;
  /** JSON array of VisitStage. */
  stages_done: string;
  status: 'active' | 'ended';
  updated_at: IsoTime;
  version: number;
}

export interface DebriefOffersTable {
  id: string;
  organisation_id: string;
  service_id: string;
  user_id: string;
  /** 'request': asked for by someone (source_id is the row's own id). */
  source_type: 'escalation' | 'lone_working' | 'request';
  source_id: string;
  status: 'offered' | 'booked' | 'declined' | 'done';
  offered_at: IsoTime;
  updated_at: IsoTime;
  /** Who asked for it (the worker themselves or a colleague); null when offered after an event. */
  requested_by: string | null;
  /** The named peer supporter. */
  peer_supporter_id: string | null;
  accepted_at: IsoTime | null;
  declined_at: IsoTime | null;
  closed_at: IsoTime | null;
  version: Generated<number>;
}

export interface DebriefContactsTable {
  id: string;
  organisation_id: string;
  debrief_id: string;
  kind: 'planning' | 'conversation' | 'follow_up';
  due_at: IsoTime;
  done_at: IsoTime | null;
  done_by: string | null;
  difficulties_persist: number | null;
  created_at: IsoTime;
}

export interface WellbeingCheckinsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  service_id: string | null;
  kind: 'check_in' | 'check_out';
  scale: number | null;
  words: string | null;
  hard_shift: Generated<number>;
  follows_up_id: string | null;
  asked_again: Generated<number>;
  created_at: IsoTime;
}

export interface WellbeingPlansTable {
  id: string;
  organisation_id: string;
  user_id: string;
  /** JSON of shared/wellbeing.ts sections. */
  sections: string;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: Generated<number>;
}

export interface WellbeingSharesTable {
  id: string;
  organisation_id: string;
  owner_user_id: string;
  subject_type: 'checkin' | 'plan';
  subject_id: string;
  shared_with_user_id: string;
  service_id: string;
  created_at: IsoTime;
  revoked_at: IsoTime | null;
}

export interface JournalKeysTable {
  user_id: string;
  organisation_id: string;
  password_salt: string;
  password_wrapped: string;
  recovery_salt: string;
  recovery_wrapped: string;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface JournalEntriesTable {
  id: string;
  organisation_id: string;
  user_id: string;
  /** base64(iv | tag | ciphertext); never plain text. */
  ciphertext: string;
  for_group: Generated<number>;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: Generated<number>;
}

export interface ReflectiveGroupSessionsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  team_id: string | null;
  facilitator_id: string;
  /** A date, YYYY-MM-DD. */
  held_on: string;
  themes: string | null;
  learning: string | null;
  created_by: string;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: Generated<number>;
}

export interface ReflectiveGroupAttendanceTable {
  session_id: string;
  user_id: string;
  organisation_id: string;
}

export type SupervisionLayer = 'line_management' | 'peer' | 'clinical' | 'external_peer';

export interface SupervisionRhythmsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  user_id: string;
  layer: SupervisionLayer;
  every_days: number;
  supervisor_id: string | null;
  supervisor_name: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: Generated<number>;
}

export interface SupervisionRecordsTable {
  id: string;
  organisation_id: string;
  service_id: string;
  user_id: string;
  layer: SupervisionLayer;
  /** A date, YYYY-MM-DD. */
  held_on: string;
  supervisor_id: string | null;
  supervisor_name: string | null;
  themes: string | null;
  agreed_actions: string | null;
  recorded_by: string;
  created_at: IsoTime;
  updated_at: IsoTime;
  version: Generated<number>;
}

export interface DuressCodesTable {
  user_id: string;
  organisation_id: string;
  /** Keyed digest of the code; the code itself is never stored. */
  code_digest: string;
  updated_at: IsoTime;
}

/** A staff member's mobile number for alerts and how alerts reach them (migration 0011). */
export interface StaffAlertSettingsTable {
  user_id: string;
  organisation_id: string;
  /** E.164 (`+447700900123`); null: none, so alerts come by email. */
  mobile: string | null;
  alert_channel: 'sms' | 'email' | 'both';
  /** When the last test text was sent: one a minute at most. */
  test_sent_at: IsoTime | null;
  updated_at: IsoTime;
  version: number;
}

export interface ShiftHandoversTable {
  id: string;
  organisation_id: string;
  service_id: string;
  from_user_id: string;
  to_user_id: string | null;
  note: string;
  created_at: IsoTime;
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
  people: PeopleTable;
  person_merges: PersonMergesTable;
  contacts: ContactsTable;
  callback_requests: CallbackRequestsTable;
  shifts: ShiftsTable;
  alerts: AlertsTable;
  episodes: EpisodesTable;
  episode_workers: EpisodeWorkersTable;
  episode_sessions: EpisodeSessionsTable;
  transitions: TransitionsTable;
  directory_entries: DirectoryEntriesTable;
  crisis_plans: CrisisPlansTable;
  crisis_plan_versions: CrisisPlanVersionsTable;
  crisis_plan_shares: CrisisPlanSharesTable;
  crisis_plan_links: CrisisPlanLinksTable;
  crisis_plan_views: CrisisPlanViewsTable;
  crisis_plan_break_glass: CrisisPlanBreakGlassTable;
  notifications: NotificationsTable;
  jobs: JobsTable;
  escalation_ladders: EscalationLaddersTable;
  escalations: EscalationsTable;
  escalation_attempts: EscalationAttemptsTable;
  escalation_views: EscalationViewsTable;
  lone_working_visits: LoneWorkingVisitsTable;
  debrief_offers: DebriefOffersTable;
  debrief_contacts: DebriefContactsTable;
  wellbeing_checkins: WellbeingCheckinsTable;
  wellbeing_plans: WellbeingPlansTable;
  wellbeing_shares: WellbeingSharesTable;
  journal_keys: JournalKeysTable;
  journal_entries: JournalEntriesTable;
  reflective_group_sessions: ReflectiveGroupSessionsTable;
  reflective_group_attendance: ReflectiveGroupAttendanceTable;
  supervision_rhythms: SupervisionRhythmsTable;
  supervision_records: SupervisionRecordsTable;
  shift_handovers: ShiftHandoversTable;
  duress_codes: DuressCodesTable;
  staff_alert_settings: StaffAlertSettingsTable;
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
export type Person = Selectable<PeopleTable>;
export type Contact = Selectable<ContactsTable>;
export type Episode = Selectable<EpisodesTable>;
export type EpisodeSession = Selectable<EpisodeSessionsTable>;
export type Transition = Selectable<TransitionsTable>;
export type CallbackRequest = Selectable<CallbackRequestsTable>;
export type DirectoryEntry = Selectable<DirectoryEntriesTable>;
export type Job = Selectable<JobsTable>;
export type Alert = Selectable<AlertsTable>;
export type StaffAlertSettings = Selectable<StaffAlertSettingsTable>;
export type EscalationLadder = Selectable<EscalationLaddersTable>;
export type Escalation = Selectable<EscalationsTable>;
export type LoneWorkingVisit = Selectable<LoneWorkingVisitsTable>;
export type CrisisPlan = Selectable<CrisisPlansTable>;
export type CrisisPlanVersion = Selectable<CrisisPlanVersionsTable>;
export type CrisisPlanShare = Selectable<CrisisPlanSharesTable>;
export type CrisisPlanLink = Selectable<CrisisPlanLinksTable>;
export type CrisisPlanBreakGlass = Selectable<CrisisPlanBreakGlassTable>;
// Kept for later tables with generated columns.
export type { ColumnType, Generated };
