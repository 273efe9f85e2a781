import { LoginBody, SessionOut } from '../../../shared/auth.js';
import { sessionCookieName } from '../../auth/sessions.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { describeSession, login, logout } from './service.js';

export default async function authRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const cookie = sessionCookieName(deps.config.secureCookies);

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: { kind: 'public' } },
      schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: SessionOut } },
    },
    async (request, reply) => {
      const { token, session, user } = await login(deps, actorOf(request), {
        ...request.body,
        userAgent: String(request.headers['user-agent'] ?? ''),
      });
      reply.setCookie(cookie, token, {
        path: '/',
        httpOnly: true,
        secure: deps.config.secureCookies,
        sameSite: 'lax',
        maxAge: Math.floor(deps.config.sessionAbsoluteMs / 1000),
      });
      return describeSession(deps.db, deps, session, user);
    },
  );

  app.get(
    '/api/v1/auth/session',
    { config: { access: { kind: 'self-enrolling' } }, schema: { tags: ['auth'], summary: 'The current session', response: { 200: SessionOut } } },
    async (request) => {
      const auth = authOf(request);
      return describeSession(deps.db, deps, auth.session, auth.user);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { access: { kind: 'self-enrolling' } }, schema: { tags: ['auth'], summary: 'Sign out (ends the session on the server)' } },
    async (request, reply) => {
      await logout(deps, actorOf(request), authOf(request).session);
      reply.clearCookie(cookie, { path: '/', secure: deps.config.secureCookies, httpOnly: true, sameSite: 'lax' });
      return reply.code(204).send();
    },
  );
}
