import { z } from 'zod';
import {
  AccountOut,
  AccountSessionsOut,
  ChangePasswordBody,
  ReauthenticateBody,
  SessionOut,
  TotpConfirmBody,
  TotpDisableBody,
  TotpStartOut,
} from '../../../shared/auth.js';
import { AlertSettingsBody, AlertSettingsOut, AlertTestBody, AlertTestOut } from '../../../shared/account-alerts.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { changePassword, confirmTotp, disableTotp, endSession, getAccount, getAlertSettings, listSessions, reauthenticate, sendAlertTest, startTotp, updateAlertSettings } from './service.js';

/** Guessing a password through these routes is slowed down as well as sign-in. */
const SLOW = { max: 10, timeWindow: 60_000 };

export default async function accountRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['account'];

  app.get(
    '/api/v1/account',
    { config: { access: { kind: 'self' } }, schema: { tags, summary: 'Your own account', response: { 200: AccountOut } } },
    async (request) => getAccount(deps, authOf(request)),
  );

  app.post(
    '/api/v1/account/password',
    {
      config: { access: { kind: 'self' }, rateLimit: SLOW },
      schema: { tags, summary: 'Change your password (ends your other sessions)', body: ChangePasswordBody },
    },
    async (request, reply) => {
      await changePassword(deps, actorOf(request), authOf(request), request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/account/reauthenticate',
    {
      config: { access: { kind: 'self' }, rateLimit: SLOW },
      schema: { tags, summary: 'Confirm your password again before a security-sensitive change (lasts 10 minutes)', body: ReauthenticateBody, response: { 200: z.object({ reauthenticatedAt: z.string() }) } },
    },
    async (request) => reauthenticate(deps, actorOf(request), authOf(request), request.body),
  );

  app.get(
    '/api/v1/account/sessions',
    { config: { access: { kind: 'self' } }, schema: { tags, summary: 'Where you are signed in', response: { 200: AccountSessionsOut } } },
    async (request) => listSessions(deps, authOf(request)),
  );

  app.delete(
    '/api/v1/account/sessions/:sessionId',
    {
      config: { access: { kind: 'self' } },
      schema: { tags, summary: 'End one of your sessions', params: z.object({ sessionId: z.string().min(1).max(100) }) },
    },
    async (request, reply) => {
      await endSession(deps, actorOf(request), authOf(request), request.params.sessionId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/account/totp/start',
    { config: { access: { kind: 'self-enrolling' } }, schema: { tags, summary: 'Start setting up an authenticator app', response: { 200: TotpStartOut } } },
    async (request) => startTotp(deps, actorOf(request), authOf(request)),
  );

  app.post(
    '/api/v1/account/totp/confirm',
    {
      config: { access: { kind: 'self-enrolling' }, rateLimit: SLOW },
      schema: { tags, summary: 'Turn on the second factor with a code from the app', body: TotpConfirmBody, response: { 200: SessionOut } },
    },
    async (request) => confirmTotp(deps, actorOf(request), authOf(request), request.body.code),
  );

  app.post(
    '/api/v1/account/totp/disable',
    {
      config: { access: { kind: 'self' }, rateLimit: SLOW },
      schema: { tags, summary: 'Turn off the second factor (not allowed for roles that need it)', body: TotpDisableBody },
    },
    async (request, reply) => {
      await disableTotp(deps, actorOf(request), authOf(request), request.body.password);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/account/alert-settings',
    { config: { access: { kind: 'self' } }, schema: { tags, summary: 'Your mobile number for alerts (E.164) and how alerts reach you', response: { 200: AlertSettingsOut } } },
    async (request) => getAlertSettings(deps, authOf(request)),
  );

  app.put(
    '/api/v1/account/alert-settings',
    {
      config: { access: { kind: 'self' } },
      schema: {
        tags,
        summary: 'Set or clear your UK mobile number and choose how alerts reach you (sms, email or both). Adding or changing the number needs your password confirmed in the last 10 minutes (403 reauth_required); a stale version is a 409',
        body: AlertSettingsBody,
        response: { 200: AlertSettingsOut },
      },
    },
    async (request) => updateAlertSettings(deps, actorOf(request), authOf(request), request.body),
  );

  app.post(
    '/api/v1/account/alert-settings/test',
    {
      config: { access: { kind: 'self' } },
      schema: { tags, summary: 'Send a test text to your saved mobile number (once a minute: 429 sooner; 409 with no number saved)', body: AlertTestBody, response: { 200: AlertTestOut } },
    },
    async (request) => sendAlertTest(deps, actorOf(request), authOf(request)),
  );
}
