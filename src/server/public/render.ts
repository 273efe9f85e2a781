import { createHash } from 'node:crypto';
import { TEXTS, LANGS, type HelpText, type Lang } from './i18n/index.js';
import type { FieldName, FieldProblem, PlaceKind } from './i18n/types.js';
import { FIELD_LIMITS, FIELD_NAMES, HONEYPOT, type CallbackValues } from './rules.js';
import type { HelpPageData } from './service.js';
import type { PublicEntry } from './queries.js';

/**
 * The public help pages as plain HTML strings: no framework, no JavaScript needed, CSS
 * inline, nothing else to fetch. The whole first render has to fit in 14 KB compressed
 * (DESIGN.md), so markup is kept lean. Everything that comes from data is escaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Escapes text for HTML content and quoted attributes (named entities only, so no digits appear). */
export const esc = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const SANS = 'system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif';
export const CSS =
  `*{box-sizing:border-box}body{margin:0;font:1.125rem/1.5 ${SANS};color:#212b32;background:#f0f4f5}` +
  // Urdu in a Nastaliq or Naskh face where the device has one (no font is downloaded), with room for its tall letters.
  `:lang(ur){font-family:"Noto Nastaliq Urdu","Jameel Noori Nastaleeq","Noto Naskh Arabic","Urdu Typesetting",Tahoma,${SANS};line-height:2.4}[lang=en]{font-family:${SANS};line-height:1.5}` +
  'main,nav{max-width:40rem;margin:0 auto;padding:0 1rem}main{padding-bottom:2rem}nav{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;justify-content:flex-end;padding-top:.5rem}' +
  'h1{font-size:2rem;line-height:1.2;margin:.75rem 0 .25rem}h2{font-size:1.375rem;line-height:1.3;margin:0 0 .5rem}h3{font-size:1.125rem;margin:1rem 0 .25rem}p{margin:.5rem 0}' +
  'section{background:#fff;border-radius:4px;padding:1rem;margin:1rem 0}a{color:#005eb8}a:focus,button:focus{outline:3px solid #ffeb3b;background:#ffeb3b;color:#212b32}' +
  '.danger{background:#d5281b;color:#fff}.danger a{color:#fff}.btn{display:inline-block;background:#007f3b;color:#fff;font-weight:700;padding:.6rem 1rem;border-radius:4px;text-decoration:none;margin:.25rem 0}' +
  '.danger .btn{background:#fff;color:#d5281b}ul{padding-inline-start:1.25rem}li{margin-bottom:.5rem}.ways{list-style:none;padding:0}.ways li{margin:0 0 .75rem}' +
  '.svc{font-weight:700}.now{font-weight:700;font-size:1.25rem}.review{border-inline-start:6px solid #ffb81c;background:#fff;padding:.5rem 1rem}' +
  'label{display:block;font-weight:700;margin-top:1rem}.hint{display:block;color:#4c6272;font-weight:400}.err{display:block;color:#d5281b;font-weight:700}' +
  'input,textarea{display:block;width:100%;font:inherit;padding:.5rem;border:2px solid #4c6272;margin-top:.25rem}textarea{min-height:6rem}' +
  'input:focus,textarea:focus{outline:3px solid #ffeb3b;box-shadow:inset 0 0 0 2px #212b32}[aria-invalid=true]{border-color:#d5281b}' +
  'button{font:inherit;font-weight:700;background:#007f3b;color:#fff;border:0;border-radius:4px;padding:.75rem 1.5rem;margin-top:1rem}.errs{border:4px solid #d5281b;padding:0 1rem}nav [lang]{line-height:1.5}.hp{display:none}';

/** Registers the help page's service worker once the page has loaded, and asks it to keep this page for offline use. */
export const SW_REGISTRATION =
  "addEventListener('load',function(){var s=navigator.serviceWorker,p=location.pathname;if(s)s.register(p+'-sw.js',{scope:p}).then(function(){return s.ready}).then(function(r){r.active&&r.active.postMessage(location.href)}).catch(function(){})})";

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The public pages' policy: nothing but the page's own style and script (by hash), forms to
 * this site, the service worker from this site. Every public page (help, my plan) uses it.
 */
export const publicCsp = (css: string, script: string): string =>
  [
    "default-src 'none'",
    `style-src ${sha256(css)}`,
    `script-src ${sha256(script)}`,
    "img-src 'self' data:",
    "worker-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

export const PUBLIC_CSP = publicCsp(CSS, SW_REGISTRATION);

/** Runs of Latin letters and digits: "NHS 111", "116 123", "16:00", "A&E", "Samaritans". */
const LTR_RUN = /[A-Za-z0-9](?:[A-Za-z0-9 :&.+-]*[A-Za-z0-9])?/g;
/**
 * In right-to-left text each such run is isolated, so it keeps its own order: without it
 * "NHS 111" showed as "111 NHS" and two numbers swapped places. Escapes as it goes (the runs
 * are found in the raw text, never inside an entity).
 */
const isolateLtrRuns = (value: string): string => {
  let out = '';
  let last = 0;
  for (const m of value.matchAll(LTR_RUN)) {
    out += `${esc(value.slice(last, m.index))}<bdi dir="ltr">${esc(m[0])}</bdi>`;
    last = m.index + m[0].length;
  }
  return out + esc(value.slice(last));
};

/** Our own words, escaped (Latin words and numbers isolated in right-to-left languages). */
export const t = (text: HelpText, value: string): string => (text.dir === 'rtl' ? isolateLtrRuns(value) : esc(value));
/** Words from our records (service names, directory entries): in English, so marked as such on other pages. */
const data = (text: HelpText, value: string): string => (text.lang === 'en' ? esc(value) : `<bdi lang="en" dir="ltr">${esc(value)}</bdi>`);
/** A block of words from our records (descriptions, addresses): its own paragraph, so English keeps its own line spacing. */
const block = (text: HelpText, html: string, tag = 'p'): string => (text.lang === 'en' ? `<${tag}>${html}</${tag}>` : `<${tag} lang="en" dir="ltr">${html}</${tag}>`);

const telHref = (number: string) => `tel:${number.replace(/[^\d+]/g, '')}`;
const withLang = (path: string, lang: Lang) => (lang === 'en' ? path : `${path}?lang=${lang}`);

export interface PageContext {
  text: HelpText;
  /** The help page's own address: /help or /s/<slug>/help. */
  base: string;
}

function page(ctx: PageContext, title: string, body: string, options: { script?: boolean } = {}): string {
  const { text } = ctx;
  const switcher = LANGS.map((l) =>
    l === text.lang ? `<a href="${esc(withLang(ctx.base, l))}" lang="${l}" aria-current="page">${esc(TEXTS[l].name)}</a>` : `<a href="${esc(withLang(ctx.base, l))}" lang="${l}" hreflang="${l}">${esc(TEXTS[l].name)}</a>`,
  ).join('');
  const review = text.review ? `<p class="review">${t(text, text.review.own)} <span lang="en" dir="ltr">${esc(text.review.english)}</span></p>` : '';
  return (
    `<!doctype html><html lang="${text.lang}" dir="${text.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${title}</title><link rel="icon" href="data:,"><style>${CSS}</style></head><body>` +
    `<nav aria-label="${esc(text.languages)}">${switcher}</nav><main>${review}${body}</main>` +
    (options.script ? `<script>${SW_REGISTRATION}</script>` : '') +
    '</body></html>'
  );
}

const btn = (href: string, label: string) => `<a class="btn" href="${esc(href)}">${label}</a>`;

/** 999 and A&E, then 111, Samaritans and Shout: on every public page. */
function urgentSections(text: HelpText): string {
  return (
    `<section class="danger" aria-labelledby="danger"><h2 id="danger">${t(text, text.dangerHeading)}</h2><p>${t(text, text.dangerText)}</p>` +
    `${btn('tel:999', t(text, text.call999))}<p>${t(text, text.aeText)}</p></section>` +
    `<section aria-labelledby="urgent"><h2 id="urgent">${t(text, text.urgentHeading)}</h2><ul class="ways">` +
    `<li><p>${t(text, text.nhs111)}</p>${btn('tel:111', t(text, text.call111))}</li>` +
    `<li><p>${t(text, text.samaritans)}</p>${btn('tel:116123', t(text, text.callSamaritans))}</li>` +
    `<li><p>${t(text, text.shout)}</p>${btn('sms:85258?body=SHOUT', t(text, text.textShout))}</li></ul></section>`
  );
}

function entryItem(text: HelpText, e: PublicEntry): string {
  const description = e.description.length > 160 ? `${e.description.slice(0, 157).trimEnd()}…` : e.description;
  const links = [];
  if (e.phone) links.push(`<a href="${esc(telHref(e.phone))}">${t(text, text.call(e.phone))}</a>`);
  if (e.url) links.push(`<a href="${esc(e.url)}">${t(text, text.website(e.name))}</a>`);
  return `<li>${block(text, `<strong>${esc(e.name)}</strong>${description ? `<br>${esc(description)}` : ''}`, 'div')}${links.join('<br>')}</li>`;
}

const placeKind = (type: string): PlaceKind => (type === 'safe_haven' || type === 'crisis_cafe' ? type : 'other');

export interface FormState {
  values: CallbackValues;
  problems: Partial<Record<FieldName, FieldProblem>>;
  /** A message above the form (why it came back). */
  notice?: string;
}

function callbackForm(ctx: PageContext, token: string, state: FormState | null, headingLevel: 'h1' | 'h2'): string {
  const { text } = ctx;
  const problems = state?.problems ?? {};
  const invalid = FIELD_NAMES.filter((f) => problems[f]);
  const summary =
    state && (state.notice || invalid.length)
      ? `<div class="errs" role="alert">${state.notice ? `<p>${t(text, state.notice)}</p>` : ''}${invalid.length ? `<ul>${invalid.map((f) => `<li><a href="#${f}">${t(text, text.fields[f].label)}: ${t(text, text.problems[problems[f]!])}</a></li>`).join('')}</ul>` : ''}</div>`
      : '';
  const fields = FIELD_NAMES.map((f) => {
    const limit = FIELD_LIMITS[f];
    const problem = problems[f];
    const value = state?.values[f] ?? '';
    const describedBy = `${f}-hint${problem ? ` ${f}-err` : ''}`;
    const attrs = `id="${f}" name="${f}" maxlength="${limit.max}"${limit.required ? ' required' : ''}${problem ? ' aria-invalid="true"' : ''} aria-describedby="${describedBy}"`;
    const control =
      f === 'message'
        ? `<textarea ${attrs}>${esc(value)}</textarea>`
        : `<input ${attrs} autocomplete="${f === 'name' ? 'nickname' : f === 'reach' ? 'tel' : 'off'}" value="${esc(value)}">`;
    return (
      `<label for="${f}">${t(text, text.fields[f].label)}${limit.required ? '' : ` <span class="hint">${t(text, text.optional)}</span>`}</label>` +
      `<span class="hint" id="${f}-hint">${t(text, text.fields[f].hint)}</span>${problem ? `<span class="err" id="${f}-err">${t(text, text.problems[problem])}</span>` : ''}${control}`
    );
  }).join('');
  return (
    `<section aria-labelledby="callback"><${headingLevel} id="callback">${t(text, text.formHeading)}</${headingLevel}>${summary}<p>${t(text, text.formIntro)}</p>` +
    `<form method="post" action="${esc(ctx.base)}/callback"><input type="hidden" name="token" value="${esc(token)}"><input type="hidden" name="lang" value="${text.lang}">` +
    `<div class="hp"><label for="${HONEYPOT}">Leave this empty</label><input id="${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>` +
    `${fields}<p>${t(text, text.formPrivacy)}</p><button type="submit">${t(text, text.send)}</button></form></section>`
  );
}

/** The help page: danger, urgent help, our place, peer support, under 16, carers, other local services, call back. */
export function renderHelpPage(ctx: PageContext, d: HelpPageData, token: string): string {
  const { text } = ctx;
  const s = d.service;
  const lang = text.lang;
  const hours = d.hours
    ? `<p class="now">${t(text, text.openNow(d.hours.now))}</p><p>${t(text, text.hoursToday(d.hours.today))}<br>${t(text, text.hoursNote)}</p>`
    : '';
  const own = d.own;
  const place =
    `<section aria-labelledby="place"><h2 id="place">${t(text, text.placeHeading[placeKind(s.type)])}</h2><p class="svc">${data(text, s.name)}</p>` +
    (s.description ? block(text, esc(s.description)) : '') +
    hours +
    (own?.address ? `<h3>${t(text, text.address)}</h3>${block(text, esc(own.address))}` : '') +
    (own?.directions ? `<h3>${t(text, text.gettingThere)}</h3>${block(text, esc(own.directions))}` : '') +
    `<h3>${t(text, text.arrivingHeading)}</h3><p>${t(text, text.arriving)}</p>` +
    (own?.minAge ? `<p>${t(text, text.ages(own.minAge))}</p>` : '') +
    (own?.phone ? btn(telHref(own.phone), t(text, text.callUs(own.phone))) : '') +
    '</section>';

  const sisterLink = (x: { slug: string; name: string }) => `<li><a href="${esc(withLang(`/s/${x.slug}/help`, lang))}">${data(text, x.name)}</a></li>`;
  const peerSisters = d.sisters.filter((x) => x.type !== 'carers_peer_support');
  const peer =
    `<section aria-labelledby="peer"><h2 id="peer">${t(text, text.peerHeading)}</h2><p>${t(text, text.peerText)}</p>` +
    (peerSisters.length ? `<p>${t(text, text.alsoRun)}</p><ul>${peerSisters.map(sisterLink).join('')}</ul>` : '') +
    '</section>';

  const under16 =
    `<section aria-labelledby="u16"><h2 id="u16">${t(text, text.under16Heading)}</h2>` +
    (s.under16Name
      ? `<p>${t(text, text.under16Named('\u0000'))}</p>`.replace(esc('\u0000'), data(text, s.under16Name)) + (s.under16Phone ? btn(telHref(s.under16Phone), t(text, text.call(s.under16Phone))) : '')
      : `<p>${t(text, text.under16Fallback)}</p>${btn('tel:08001111', t(text, text.childline))}`) +
    '</section>';

  const carerSisters = d.sisters.filter((x) => x.type === 'carers_peer_support');
  const carers =
    `<section aria-labelledby="carers"><h2 id="carers">${t(text, text.carersHeading)}</h2><p>${t(text, text.carersText)}</p>` +
    (carerSisters.length || d.carers.length ? `<ul>${carerSisters.map(sisterLink).join('')}${d.carers.map((e) => entryItem(text, e)).join('')}</ul>` : '') +
    '</section>';

  const local =
    `<section aria-labelledby="local"><h2 id="local">${t(text, text.localHeading)}</h2>` +
    (d.others.length ? `<ul>${d.others.map((e) => entryItem(text, e)).join('')}</ul>` : `<p>${t(text, text.localNone)}</p>`) +
    '</section>';

  const body =
    `<h1>${t(text, text.title)}</h1><p class="svc">${data(text, s.name)}</p><p>${t(text, text.intro)}</p>` +
    urgentSections(text) + place + peer + under16 + carers + local + callbackForm(ctx, token, null, 'h2');
  return page(ctx, `${t(text, text.title)} – ${esc(s.name)}`, body, { script: true });
}

/** The form again, with what the person wrote and why it came back. */
export function renderFormAgain(ctx: PageContext, serviceName: string, token: string, state: FormState): string {
  const { text } = ctx;
  const body = `${callbackForm(ctx, token, state, 'h1')}${urgentSections(ctx.text)}<p><a href="${esc(withLang(ctx.base, text.lang))}">${t(text, text.backLink)}</a></p>`;
  return page(ctx, `${t(text, text.errorTitle)} – ${esc(serviceName)}`, body);
}

/** After a call back request: what happens next, and what to do if things get worse. */
export function renderThanks(ctx: PageContext, serviceName: string): string {
  const { text } = ctx;
  const body =
    `<h1>${t(text, text.thanksTitle)}</h1><p>${t(text, text.thanksText)}</p>` +
    `<section aria-labelledby="next"><h2 id="next">${t(text, text.nextHeading)}</h2><p>${t(text, text.nextText)}</p></section>` +
    `<section class="danger" aria-labelledby="worse"><h2 id="worse">${t(text, text.worseHeading)}</h2><p>${t(text, text.worseText)}</p>${btn('tel:999', t(text, text.call999))}</section>` +
    `<p><a href="${esc(withLang(ctx.base, text.lang))}">${t(text, text.backLink)}</a></p>`;
  return page(ctx, `${t(text, text.thanksTitle)} – ${esc(serviceName)}`, body);
}

/** A refusal with nothing to fix in the form (too many from one address): say so, and show the numbers. */
export function renderRefused(ctx: PageContext, serviceName: string, message: string): string {
  const { text } = ctx;
  const body = `<h1>${t(text, text.refusedTitle)}</h1><p>${t(text, message)}</p>${urgentSections(text)}<p><a href="${esc(withLang(ctx.base, text.lang))}">${t(text, text.backLink)}</a></p>`;
  return page(ctx, serviceName ? `${t(text, text.refusedTitle)} – ${esc(serviceName)}` : t(text, text.refusedTitle), body);
}

/** No such help page (or it could not be shown): still the numbers that matter. */
export function renderNotFound(ctx: PageContext, failed = false): string {
  const { text } = ctx;
  const title = failed ? text.failedTitle : text.notFoundTitle;
  const body = `<h1>${t(text, title)}</h1>${failed ? '' : `<p>${t(text, text.notFoundText)}</p>`}${urgentSections(text)}`;
  return page(ctx, t(text, title), body);
}
