import { z } from 'zod';
import { ROLES } from './roles.js';

/** Request and response contracts for sign-in and the signed-in person's own account. */
export const Email = z.string().trim().toLowerCase().max(254).email('Enter an email address, like name@example.org');
/** Length is checked again by the password rules; this bound only stops huge input early. */
export const PasswordInput = z.string().min(1, 'Enter your password').max(256);
export const TotpCode = z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app');

export const LoginBody = z.strictObject({
  email: Email,
  password: PasswordInput,
  totp: TotpCode.optional(),
});

export const MembershipOut = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
});

export const SessionUser = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  totpEnabled: z.boolean(),
  /** true when this person's roles need a second factor. */
  totpRequired: z.boolean(),
  memberships: z.array(MembershipOut),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionOut = z.object({
  user: SessionUser,
  csrfToken: z.string(),
  /** 'enrol_mfa': signed in, but must set up a second factor before anything else. */
  stage: z.enum(['full', 'enrol_mfa']),
  demo: z.boolean(),
  expiresAt: z.string(),
  idleTimeoutSeconds: z.number(),
});
export type SessionOut = z.infer<typeof SessionOut>;

export const MetaOut = z.object({
  name: z.literal('Alongside'),
  version: z.string(),
  setupRequired: z.boolean(),
  demo: z.boolean(),
});

export const SetupBody = z.strictObject({
  token: z.string().min(10).max(200),
  organisationName: z.string().trim().min(2, 'Enter the organisation’s name').max(120),
  displayName: z.string().trim().min(1, 'Enter your name').max(120),
  email: Email,
  password: z.string().max(256),
});

export const InvitationOut = z.object({
  email: z.string(),
  displayName: z.string(),
  organisationName: z.string(),
});
export const AcceptInvitationBody = z.strictObject({ password: z.string().max(256) });

export const ChangePasswordBody = z.strictObject({ currentPassword: PasswordInput, newPassword: z.string().max(256) });
export const ReauthenticateBody = z.strictObject({ password: PasswordInput, totp: TotpCode.optional() });
export const TotpStartOut = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export const TotpConfirmBody = z.strictObject({ code: TotpCode });
export const TotpDisableBody = z.strictObject({ password: PasswordInput });

export const AccountSessionOut = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  userAgent: z.string(),
});
export const AccountSessionsOut = z.object({ sessions: z.array(AccountSessionOut) });

/** `GET /api/v1/account`: the signed-in person's own account. */
export const AccountOut = SessionUser;
export type AccountOut = z.infer<typeof AccountOut>;
export type AccountSessionsOut = z.infer<typeof AccountSessionsOut>;
export type InvitationOut = z.infer<typeof InvitationOut>;
/** After accepting an invitation: the email to sign in with. */
export const AcceptInvitationOut = z.object({ email: z.string() });
