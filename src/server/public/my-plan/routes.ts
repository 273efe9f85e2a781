import compress from '@fastify/compress';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, type AppInstance } from '../../http/context.js';
import { formTokenFor, formTokenMatches, planCookieName, readPlanCookie, signPlanCookie } from '../../features/plan-links/link-secrets.js';
import { BROTLI_OPTIONS, GZIP_OPTIONS } from '../compressed.js';
import type { LinkContext } from './queries.js';
import { MY_PLAN_CSP, renderCodePage, renderMessage, renderPersonPage, renderPrintA4, renderPrintWallet, renderRecipientPage, timeOf, type PersonNotice } from './render.js';
import { agreeOnOwnDevice, forgetOnDevice, linkForCookie, linkForToken, personPage, recipientPage, refuse, tryCode, type Refusal } from './service.js';
import { MY_PLAN_SERVICE_WORKER } from './service-worker.js';
import { MY_PLAN_TEXT as T } from './text.js';

/**
 * The person's own crisis plan, and plans shared with carers and others, without an
 * account (docs/my-plan.md):
 *   GET  /my-plan/open/:token      the code form (a link sent by SMS or email, or handed over)
 *   POST /my-plan/open/:token      the code → a signed cookie → /my-plan
 *   GET  /my-plan                  the plan (the person's, or the parts shared with a recipient)
 *   GET  /my-plan/print?layout=    A4 or wallet card (the person's latest agreed version)
 *   POST /my-plan/agree            "This is right, I agree" (agreed on their own device)
 *   POST /my-plan/forget           forget this plan on this phone
 *   GET  /my-plan-sw.js            the service worker keeping the person's page offline
 * Every request re-checks the link in the database. Server-rendered HTML, strict CSP,
 * `no-store`; the person's pages are marked for the service worker to keep
 * (`x-plan-offline: keep`), and a refusal tells it to forget (`x-plan-offline: forget`).
 */

const FORM_BODY_LIMIT = 2_048;
const SW_CSP = "default-src 'none'; connect-src 'self'";
const OFFLINE = 'x-plan-offline';

type Offline = 'keep' | 'forget' | null;

function html(reply: FastifyReply, status: number, body: string, offline: Offline = null): FastifyReply {
  if (offline) reply.header(OFFLINE, offline);
  return reply
    .code(status)
    .header('content-security-policy', MY_PLAN_CSP)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .type('text/html; charset=utf-8')
    .send(body);
}

const refusalPage = (reason: Refusal, recipient: boolean): { status: number; body: string } => {
  if (reason === 'unknown' || reason === 'bad_cookie') return { status: 404, body: renderMessage(T.notWorkingTitle, T.notWorking) };
  return { status: 410, body: renderMessage(T.notWorkingTitle, recipient || reason.startsWith('share_') ? T.notWorkingShare : T.notWorking) };
};

const formOf = (request: FastifyRequest): URLSearchParams | null => (request.body instanceof URLSearchParams ? request.body : null);

export default async function myPlanRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const cookieName = planCookieName(deps.config.secureCookies);
  // `__Host-` cookies must be Path=/; without TLS the cookie is kept to /my-plan.
  const cookiePath = deps.config.secureCookies ? '/' : '/my-plan';

  const clearCookie = (reply: FastifyReply) =>
    reply.clearCookie(cookieName, { path: cookiePath, httpOnly: true, sameSite: 'strict', secure: deps.config.secureCookies });

  /** The link this browser holds, re-checked; or why not (audited), with the cookie cleared and the offline copy forgotten. */
  async function current(request: FastifyRequest, reply: FastifyReply): Promise<LinkContext | FastifyReply> {
    const raw = request.cookies[cookieName];
    if (raw === undefined) return html(reply, 401, renderMessage(T.noPlanHereTitle, T.noPlanHere), 'forget');
    const signed = readPlanCookie(deps.secretKey, raw, deps.clock());
    if (!signed) {
      await refuse(deps, actorOf(request), null, 'bad_cookie');
      clearCookie(reply);
      return html(reply, 401, renderMessage(T.noPlanHereTitle, T.noPlanHere), 'forget');
    }
    const found = await linkForCookie(deps, actorOf(request), signed.linkId);
    if (!found.ok) {
      clearCookie(reply);
      const page = refusalPage(found.reason, found.ctx?.share != null);
      return html(reply, page.status, page.body, 'forget');
    }
    return found.ctx;
  }
  const isReply = (value: LinkContext | FastifyReply): value is FastifyReply => !('link' in value);

  await app.register(async (scope) => {
    await scope.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024, brotliOptions: BROTLI_OPTIONS, zlibOptions: GZIP_OPTIONS });
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, new URLSearchParams(body as string));
    });
    // Whatever goes wrong, a readable page with the numbers that matter; a form that could not be read changed nothing.
    scope.setErrorHandler<FastifyError>((error, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: { message: error.message, code: error.code } }, 'my-plan page failed');
      if (status === 500) return html(reply, 500, renderMessage(T.failedTitle, T.failed, { backToPlan: true }));
      return html(reply, status, renderMessage(T.badFormTitle, T.badForm, { backToPlan: true }));
    });

    const route = { config: { access: { kind: 'public' as const } }, schema: { hide: true } };

    scope.get('/my-plan/open/:token', route, async (request, reply) => {
      const { token } = request.params as { token: string };
      const found = await linkForToken(deps, actorOf(request), token);
      if (!found.ok) {
        const page = refusalPage(found.reason, found.ctx?.share != null);
        return html(reply, page.status, page.body);
      }
      // Already opened on this browser: straight to the plan.
      const signed = readPlanCookie(deps.secretKey, request.cookies[cookieName], deps.clock());
      if (signed?.linkId === found.ctx.link.id) return reply.header('cache-control', 'no-store').redirect('/my-plan', 303);
      return html(reply, 200, renderCodePage(token, { recipient: found.ctx.share !== null }));
    });

    scope.post('/my-plan/open/:token', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const form = formOf(request);
      const result = await tryCode(deps, actorOf(request), token, form?.get('code') ?? '');
      switch (result.outcome) {
        case 'refused': {
          const page = refusalPage(result.reason, result.ctx?.share != null);
          return html(reply, page.status, page.body);
        }
        case 'opened':
          reply.setCookie(cookieName, signPlanCookie(deps.secretKey, result.ctx.link.id, result.cookieExpiresAt), {
            path: cookiePath,
            httpOnly: true,
            sameSite: 'strict',
            secure: deps.config.secureCookies,
            expires: new Date(result.cookieExpiresAt),
          });
          return reply.header('cache-control', 'no-store').redirect('/my-plan', 303);
        case 'wrong':
          return html(reply, 400, renderCodePage(token, { recipient: result.ctx.share !== null, error: T.wrongCode(result.left) }));
        case 'not_a_code':
          return html(reply, 400, renderCodePage(token, { recipient: result.ctx.share !== null, error: T.codeShape }));
        case 'paused':
          reply.header('retry-after', String(Math.max(1, Math.ceil((Date.parse(result.until) - deps.clock()) / 1000))));
          return html(reply, 429, renderCodePage(token, { recipient: result.ctx.share !== null, error: T.paused(timeOf(result.until)), status: 'paused' }));
        case 'address_limit':
          return html(reply, 429, renderCodePage(token, { recipient: result.ctx.share !== null, error: T.tooManyHere, status: 'limit' }));
      }
    });

    scope.get('/my-plan', route, async (request, reply) => {
      const ctx = await current(request, reply);
      if (isReply(ctx)) return ctx;
      if (ctx.share) return html(reply, 200, renderRecipientPage(await recipientPage(deps, actorOf(request), ctx)));
      const copy = request.headers['x-plan-keep'] === '1';
      const data = await personPage(deps, actorOf(request), ctx, 'plan', copy);
      const said = (request.query as Record<string, unknown>).said;
      const notice: PersonNotice | null =
        said === 'agreed' ? { kind: 'ok', text: T.agreedThanks } : said === 'changed' ? { kind: 'warn', text: T.agreeStale } : said === 'empty' ? { kind: 'warn', text: T.agreeEmpty } : null;
      return html(reply, 200, renderPersonPage(data, formTokenFor(deps.secretKey, ctx.link.id), notice), 'keep');
    });

    scope.get('/my-plan/print', route, async (request, reply) => {
      const ctx = await current(request, reply);
      if (isReply(ctx)) return ctx;
      // Printing makes a copy that outlives any later change: for the person only.
      if (ctx.share) return reply.header('cache-control', 'no-store').redirect('/my-plan', 303);
      const layout = (request.query as Record<string, unknown>).layout === 'wallet' ? 'wallet' : 'a4';
      const data = await personPage(deps, actorOf(request), ctx, layout, request.headers['x-plan-keep'] === '1');
      const printedAt = new Date(deps.clock()).toISOString();
      return html(reply, 200, layout === 'wallet' ? renderPrintWallet(data, printedAt) : renderPrintA4(data, printedAt), 'keep');
    });

    scope.post('/my-plan/agree', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const ctx = await current(request, reply);
      if (isReply(ctx)) return ctx;
      const form = formOf(request);
      const number = Number(form?.get('number') ?? '');
      const version = Number(form?.get('version') ?? '');
      const okNumbers = Number.isInteger(number) && number >= 1 && number <= 100_000 && Number.isInteger(version) && version >= 1 && version <= 2_147_483_647;
      if (ctx.share || !form || !formTokenMatches(deps.secretKey, ctx.link.id, form.get('token')) || !okNumbers) {
        return html(reply, 400, renderMessage(T.badFormTitle, T.badForm, { backToPlan: true }));
      }
      const outcome = await agreeOnOwnDevice(deps, actorOf(request), ctx, number, version);
      const said = outcome === 'agreed' ? 'agreed' : outcome === 'stale' ? 'changed' : 'empty';
      return reply.header('cache-control', 'no-store').redirect(`/my-plan?said=${said}`, 303);
    });

    scope.post('/my-plan/forget', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const signed = readPlanCookie(deps.secretKey, request.cookies[cookieName], deps.clock());
      const form = formOf(request);
      // With a live cookie, only this page's own form may end it (not a form on another site).
      if (signed && !formTokenMatches(deps.secretKey, signed.linkId, form?.get('token'))) {
        return html(reply, 400, renderMessage(T.badFormTitle, T.badForm, { backToPlan: true }));
      }
      const found = signed ? await linkForCookie(deps, actorOf(request), signed.linkId) : null;
      if (signed) await forgetOnDevice(deps, actorOf(request), found?.ctx ?? null);
      clearCookie(reply);
      return html(reply, 200, renderMessage(T.forgottenTitle, T.forgotten), 'forget');
    });

    scope.get('/my-plan/', route, async (_request, reply) => reply.redirect('/my-plan', 301));

    scope.get('/my-plan-sw.js', route, async (_request, reply) =>
      reply.header('content-security-policy', SW_CSP).header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(MY_PLAN_SERVICE_WORKER),
    );
  });
}
