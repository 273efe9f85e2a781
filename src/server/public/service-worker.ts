/**
 * The help page's service worker, served at <help page address>-sw.js with its scope
 * limited to that page (/help, /s/<slug>/help). It keeps the page for when there is no
 * signal: pages are fetched from the network first and the copy is refreshed each time;
 * with no network, the last copy is shown (the same language if it was seen, otherwise
 * any). The page asks it, once loaded, to keep the page it is on (a message), so the
 * very first visit works offline afterwards. A call back form sent with no signal gets a
 * short page, in the form's language, saying it was not sent, with the numbers to call
 * (calls need no data). Nothing else is touched.
 */
import { esc, t } from './render.js';
import { LANGS, type HelpText } from './i18n/types.js';
import { TEXTS } from './i18n/index.js';

/** The "not sent" page in one language: tiny, self-contained, no styles or scripts. */
export function offlinePage(text: HelpText): string {
  const o = text.offline;
  const review = text.review ? `<p>${esc(text.review.own)} <span lang="en" dir="ltr">${esc(text.review.english)}</span></p>` : '';
  return (
    `<!doctype html><html lang="${text.lang}" dir="${text.dir}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${esc(o.title)}</title><main>${review}<h1>${t(text, o.heading)}</h1><p>${t(text, o.text)}</p><h2>${t(text, o.helpHeading)}</h2><p>${t(text, o.help)}</p>` +
    // Numbers kept in reading order inside right-to-left text, as on the help page.
    `<ul><li><a href="tel:999">${t(text, o.call999)}</a></li><li><a href="tel:111">${t(text, o.call111)}</a></li><li><a href="tel:116123">${t(text, o.callSamaritans)}</a></li></ul></main></html>`
  );
}

const OFFLINE_PAGES = JSON.stringify(Object.fromEntries(LANGS.map((lang) => [lang, offlinePage(TEXTS[lang])])));

export const SERVICE_WORKER = `'use strict';
var C='help-v1';
self.addEventListener('install',function(){self.skipWaiting()});
self.addEventListener('activate',function(e){e.waitUntil(self.clients.claim())});
function mine(u){var s=self.registration.scope;return u.split('#')[0].split('?')[0]===s}
function keep(r){return caches.open(C).then(function(c){return c.add(r)}).catch(function(){})}
self.addEventListener('message',function(e){var u=String(e.data||'');if(mine(u))e.waitUntil(caches.match(u).then(function(m){return m||keep(u)}))});
var OFF=${OFFLINE_PAGES};
function sent(u){return u.split('#')[0].split('?')[0]===self.registration.scope+'/callback'}
self.addEventListener('fetch',function(e){var r=e.request;
if(r.method==='POST'&&sent(r.url)){e.respondWith(r.clone().formData().then(function(f){return String(f.get('lang')||'en')},function(){return 'en'}).then(function(l){return fetch(r).catch(function(){return new Response(OFF[l]||OFF.en,{status:503,headers:{'content-type':'text/html; charset=utf-8','content-security-policy':"default-src 'none'"}})})}));return}
if(r.method!=='GET'||r.mode!=='navigate'||!mine(r.url))return;
e.respondWith(fetch(r).then(function(res){if(res.ok){var copy=res.clone();e.waitUntil(caches.open(C).then(function(c){return c.put(r,copy)}))}return res}).catch(function(){return caches.match(r).then(function(m){return m||caches.match(r,{ignoreSearch:true})}).then(function(m){return m||Response.error()})}))});
`;
