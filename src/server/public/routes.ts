import compress from '@fastify/compress';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, type AppInstance } from '../http/context.js';
import { BROTLI_OPTIONS, compressedPage, encodingFor, GZIP_OPTIONS, type CompressedPage } from './compressed.js';
import { checkFormToken, issueFormToken } from './form-token.js';
import { langOf, TEXTS, type HelpText } from './i18n/index.js';
import { findHelpService } from './queries.js';
import { PUBLIC_CSP, renderFormAgain, renderHelpPage, renderNotFound, renderRefused, renderThanks, type FormState } from './render.js';
import { parseCallbackForm, type ParsedForm } from './rules.js';
import { SERVICE_WORKER } from './service-worker.js';
import { createHelpPages, requestPublicCallback } from './service.js';
import myPlanRoutes from './my-plan/routes.js';

/**
 * The public help pages (no sign-in): /help (the default service) and /s/:service/help,
 * the call back form behind them, its thank-you page and the pages' service worker.
 * Server-rendered HTML that needs no JavaScript; compressed (brotli or gzip) and sent
 * with a strict Content-Security-Policy of its own. Registered in a scope of their own,
 * so the form parser, compression and HTML error pages touch nothing else.
 */

/** Fresh for a minute (opening hours change), then kept for offline and for when the server cannot answer. */
export const HELP_PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=300, stale-if-error=604800';
const SW_CSP = "default-src 'none'; connect-src 'self'";
const SLUG = /^[a-z0-9-]{1,60}$/;
const FORM_BODY_LIMIT = 16_384;

type Params = { service?: string };
const slugOf = (request: FastifyRequest): string | null => (request.params as Params).service ?? null;
const baseOf = (slug: string | null) => (slug === null ? '/help' : `/s/${slug}/help`);
const queryLang = (request: FastifyRequest) => langOf((request.query as Record<string, unknown> | undefined)?.lang);

function html(reply: FastifyReply, status: number, body: string | Buffer, cache = 'no-store'): FastifyReply {
  return reply.code(status).header('content-security-policy', PUBLIC_CSP).header('cache-control', cache).type('text/html; charset=utf-8').send(body);
}

function notFoundPage(reply: FastifyReply, text: HelpText, base: string): FastifyReply {
  return html(reply, 404, renderNotFound({ text, base }));
}

export default async function publicRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const helpPages = createHelpPages(deps);
  /** The help page as last sent, per page and language, for the rest of that second (compressed.ts). */
  const sent = new Map<string, { second: number; page: CompressedPage }>();
  await app.register(async (scope) => {
    await scope.register(compress, {
      global: true,
      encodings: ['br', 'gzip'],
      threshold: 512,
      // Pages are small: compressing in one call (about 0.3 ms) beats a zlib stream per reply.
      syncThreshold: 65_536,
      brotliOptions: BROTLI_OPTIONS,
      zlibOptions: GZIP_OPTIONS,
    });
    // The form is a plain HTML form post. Parsed here only, not for the API.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, new URLSearchParams(body as string));
    });
    // Whatever goes wrong, a person gets a page they can read, with the numbers that matter.
    scope.setErrorHandler<FastifyError>((error, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: { message: error.message, code: error.code } }, 'public page failed');
      const text = TEXTS[queryLang(request)];
      const slug = slugOf(request);
      const base = slug !== null && SLUG.test(slug) ? baseOf(slug) : '/help';
      // A form that could not be read is refused; anything else failed on our side.
      if (request.method === 'POST' && status < 500) return html(reply, status, renderRefused({ text, base }, '', text.notSent));
      return html(reply, status, renderNotFound({ text, base }, true));
    });

    const helpPage = async (request: FastifyRequest, reply: FastifyReply) => {
      const slug = slugOf(request);
      const text = TEXTS[queryLang(request)];
      if (slug !== null && !SLUG.test(slug)) return notFoundPage(reply, text, '/help');
      const key = `${slug ?? ''}|${text.lang}`;
      const second = Math.floor(deps.clock() / 1000);
      let kept = sent.get(key);
      if (kept?.second !== second) {
        const page = await helpPages.load(slug);
        if (!page) {
          sent.delete(key);
          return notFoundPage(reply, text, baseOf(slug));
        }
        // The token names the second the page was made in, so one page serves that whole second.
        const token = issueFormToken(deps.secretKey, page.service.id, second * 1000);
        kept = { second, page: compressedPage(renderHelpPage({ text, base: baseOf(slug) }, page, token)) };
        sent.set(key, kept);
      }
      const encoding = encodingFor(request.headers['accept-encoding']);
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return html(reply.header('vary', 'accept-encoding'), 200, kept.page.body(encoding), HELP_PAGE_CACHE);
    };

    const callback = async (request: FastifyRequest, reply: FastifyReply) => {
      const slug = slugOf(request);
      const queryText = TEXTS[queryLang(request)];
      if (slug !== null && !SLUG.test(slug)) return notFoundPage(reply, queryText, '/help');
      const service = await findHelpService(deps.db, slug);
      if (!service) return notFoundPage(reply, queryText, baseOf(slug));
      const base = baseOf(slug);
      const form: ParsedForm =
        request.body instanceof URLSearchParams
          ? parseCallbackForm(request.body)
          : { ...parseCallbackForm(new URLSearchParams()), problems: {}, malformed: true };
      const text = TEXTS[form.lang === undefined ? queryLang(request) : langOf(form.lang)];
      const now = deps.clock();
      const again = (status: number, state: FormState) =>
        html(reply, status, renderFormAgain({ text, base }, service.name, issueFormToken(deps.secretKey, service.id, now), state));

      const token = checkFormToken(deps.secretKey, service.id, form.token, now);
      const notice = form.malformed || form.honeypot || token === 'missing' || token === 'invalid' ? text.notSent : token === 'too_fast' ? text.tooFast : token === 'expired' ? text.expired : undefined;
      if (notice || Object.keys(form.problems).length) return again(400, { values: form.values, problems: form.problems, ...(notice ? { notice } : {}) });

      const result = await requestPublicCallback(deps, actorOf(request), service, form.values);
      if (result.outcome === 'rate_limited') return html(reply, 429, renderRefused({ text, base }, service.name, text.tooMany));
      return reply.code(303).header('cache-control', 'no-store').redirect(`${base}/thanks${text.lang === 'en' ? '' : `?lang=${text.lang}`}`, 303);
    };

    const thanks = async (request: FastifyRequest, reply: FastifyReply) => {
      const slug = slugOf(request);
      const text = TEXTS[queryLang(request)];
      if (slug !== null && !SLUG.test(slug)) return notFoundPage(reply, text, '/help');
      const service = await findHelpService(deps.db, slug);
      if (!service) return notFoundPage(reply, text, baseOf(slug));
      return html(reply, 200, renderThanks({ text, base: baseOf(slug) }, service.name));
    };

    const serviceWorker = async (request: FastifyRequest, reply: FastifyReply) => {
      const slug = slugOf(request);
      if (slug !== null && !SLUG.test(slug)) return notFoundPage(reply, TEXTS.en, '/help');
      return reply.header('content-security-policy', SW_CSP).header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(SERVICE_WORKER);
    };

    const route = { config: { access: { kind: 'public' as const } }, schema: { hide: true } };
    for (const base of ['/help', '/s/:service/help']) {
      // Compressed by the page itself (compressed.ts), once a second.
      scope.get(base, { ...route, compress: false }, helpPage);
      scope.post(`${base}/callback`, { ...route, bodyLimit: FORM_BODY_LIMIT }, callback);
      scope.get(`${base}/thanks`, route, thanks);
      scope.get(`${base}-sw.js`, route, serviceWorker);
      // "/help/" as typed or shared: to the page itself, keeping any ?lang.
      scope.get(`${base}/`, route, async (request, reply) => {
        const slug = slugOf(request);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        return reply.redirect(`${slug !== null && SLUG.test(slug) ? baseOf(slug) : '/help'}${query}`, 301);
      });
    }
  });
  // The person's own crisis plan and plans shared with them (my-plan/routes.ts), in a scope of their own.
  await myPlanRoutes(app);
}
