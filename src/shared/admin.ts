import { z } from 'zod';
import { text, words as longText } from './text.js';
import { Email, MembershipOut } from './auth.js';
import { OpeningHours } from './opening-hours.js';
import { ROLES, SERVICE_TYPES } from './roles.js';

/**
 * Request and response contracts of the administration API: the organisation, its
 * services and teams, staff accounts and their roles, and the audit trail.
 * Request bodies are strict (unknown fields are refused) and every text is trimmed
 * and bounded. Edits carry the `version` the person started from.
 */

export const Slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,60}$/, 'Use 2 to 60 lower-case letters, numbers and hyphens, like north-safe-haven');
export const Version = z.number({ error: 'Send the version you started editing from' }).int().min(1).max(2_147_483_647);
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{3,24}$/, 'Enter a phone number, like 0800 123 4567');
export const ServiceType = z.enum(SERVICE_TYPES, { error: 'Choose the kind of service' });
export const RoleInput = z.enum(ROLES, { error: 'Choose a role' });
export const SessionLimit = z.number().int('Use a whole number').min(1, 'Use at least 1').max(100, 'Use 100 or fewer');
/** Record ids in bodies (UUIDs); null means "across the whole organisation". */
export const RecordId = z.string().trim().max(64).regex(/^[0-9a-f-]{8,64}$/i, 'This is not a valid reference');

// ---- organisation ------------------------------------------------------------

export const OrganisationOut = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  under16ServiceName: z.string().nullable(),
  under16Phone: z.string().nullable(),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type OrganisationOut = z.infer<typeof OrganisationOut>;

export const OrganisationPatch = z.strictObject({
  version: Version,
  name: text(120, 'Enter the organisation’s name').optional(),
  /** Where under-16s are pointed: the service the organisation names for them (null to clear). */
  under16ServiceName: text(120, 'Enter the name of the service, or leave it out').nullable().optional(),
  under16Phone: Phone.nullable().optional(),
});
export type OrganisationPatch = z.infer<typeof OrganisationPatch>;

// ---- services ------------------------------------------------------------------

export const ServiceOut = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  type: ServiceType,
  area: z.string(),
  description: z.string(),
  openingHours: OpeningHours,
  sessionLimit: z.number(),
  isDefault: z.boolean(),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type ServiceOut = z.infer<typeof ServiceOut>;
export const ServicesOut = z.object({ services: z.array(ServiceOut) });
export type ServicesOut = z.infer<typeof ServicesOut>;

export const ServiceCreate = z.strictObject({
  name: text(120, 'Enter the service’s name'),
  slug: Slug,
  type: ServiceType,
  area: text(200, 'Enter the area the service covers'),
  description: longText(2000).optional(),
  openingHours: OpeningHours,
  /** Peer support sessions offered in an episode before a review (the ten-session model). */
  sessionLimit: SessionLimit.optional(),
});
export type ServiceCreate = z.infer<typeof ServiceCreate>;

export const ServicePatch = z.strictObject({
  version: Version,
  name: text(120, 'Enter the service’s name').optional(),
  slug: Slug.optional(),
  type: ServiceType.optional(),
  area: text(200, 'Enter the area the service covers').optional(),
  description: longText(2000).optional(),
  openingHours: OpeningHours.optional(),
  sessionLimit: SessionLimit.optional(),
  /** Archiving (organisation administrators only) hides a service without losing its records. */
  archived: z.boolean().optional(),
});
export type ServicePatch = z.infer<typeof ServicePatch>;

// ---- teams -------------------------------------------------------------------------

export const TeamOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  name: z.string(),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type TeamOut = z.infer<typeof TeamOut>;
export const TeamsOut = z.object({ teams: z.array(TeamOut) });
export type TeamsOut = z.infer<typeof TeamsOut>;

export const TeamCreate = z.strictObject({ name: text(120, 'Enter the team’s name') });
export type TeamCreate = z.infer<typeof TeamCreate>;

export const TeamPatch = z.strictObject({
  version: Version,
  name: text(120, 'Enter the team’s name').optional(),
  archived: z.boolean().optional(),
});
export type TeamPatch = z.infer<typeof TeamPatch>;

// ---- users and memberships -----------------------------------------------------

export { MembershipOut };
export type MembershipOut = z.infer<typeof MembershipOut>;

export const UserStatus = z.enum(['invited', 'active', 'disabled']);
export type UserStatus = z.infer<typeof UserStatus>;

export const UserOut = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  /** invited: has not set a password yet; disabled: cannot sign in. */
  status: UserStatus,
  totpEnabled: z.boolean(),
  memberships: z.array(MembershipOut),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type UserOut = z.infer<typeof UserOut>;
export const UsersOut = z.object({ users: z.array(UserOut) });
export type UsersOut = z.infer<typeof UsersOut>;

export const MembershipCreate = z.strictObject({
  role: RoleInput,
  /** null for roles held across the whole organisation (administrator, commissioner). */
  serviceId: RecordId.nullable(),
});
export type MembershipCreate = z.infer<typeof MembershipCreate>;

export const UserInvite = z.strictObject({
  email: Email,
  displayName: text(120, 'Enter their name'),
  memberships: z.array(MembershipCreate).min(1, 'Give them at least one role').max(20, 'Give them 20 roles or fewer'),
});
export type UserInvite = z.infer<typeof UserInvite>;

export const UserPatch = z.strictObject({
  version: Version,
  displayName: text(120, 'Enter their name').optional(),
  /** true ends every session they have and stops them signing in; false lets them back in. */
  disabled: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof UserPatch>;

export const InvitationLinkOut = z.object({
  /** Shown once to the administrator to pass on; only its digest is stored. */
  invitationUrl: z.string(),
  expiresAt: z.string(),
});
export type InvitationLinkOut = z.infer<typeof InvitationLinkOut>;

export const UserInvitedOut = z.object({ user: UserOut, invitationUrl: z.string(), expiresAt: z.string() });
export type UserInvitedOut = z.infer<typeof UserInvitedOut>;

// ---- audit -------------------------------------------------------------------------------

export const AuditQuery = z.strictObject({
  /** Events with a sequence number below this (the `nextBefore` of the previous page). */
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1, 'Use at least 1').max(200, 'Use 200 or fewer').default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEventOut = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventOut = z.infer<typeof AuditEventOut>;

export const AuditPageOut = z.object({
  events: z.array(AuditEventOut),
  /** Pass as `before` to get the next (older) page; null at the start of the trail. */
  nextBefore: z.number().nullable(),
});
export type AuditPageOut = z.infer<typeof AuditPageOut>;

export const AuditVerifyOut = z.object({
  ok: z.boolean(),
  count: z.number(),
  brokenAt: z.number().optional(),
  reason: z.string().optional(),
});
export type AuditVerifyOut = z.infer<typeof AuditVerifyOut>;
