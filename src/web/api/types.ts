/** Shapes of the server's replies (docs/api.md), as types only: no zod in the initial bundle. */

export type { SessionOut, SessionUser } from '../../shared/auth.js';
export type { OpeningHours } from '../../shared/opening-hours.js';

export interface Meta {
  name: 'Alongside';
  version: string;
  setupRequired: boolean;
  demo: boolean;
}

export type {
  AuditEventOut as AuditEvent,
  AuditPageOut as AuditPage,
  AuditVerifyOut as AuditVerify,
  MembershipOut as Membership,
  OrganisationOut as Organisation,
  ServiceOut as Service,
  ServicesOut,
  TeamOut as Team,
  TeamsOut,
  UserInvitedOut as InviteReply,
  InvitationLinkOut,
  UserOut as StaffUser,
  UsersOut,
} from '../../shared/admin.js';
import type { MembershipOut } from '../../shared/admin.js';

export interface Account {
  id: string;
  email: string;
  displayName: string;
  totpEnabled: boolean;
  totpRequired: boolean;
  memberships: MembershipOut[];
}

export interface AccountSession {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string;
}
