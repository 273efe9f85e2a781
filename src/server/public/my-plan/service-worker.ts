import { esc } from '../render.js';
import { MY_PLAN_TEXT as T } from './text.js';

/**
 * The service worker of the person's own plan, served at /my-plan-sw.js with its scope
 * limited to /my-plan. It keeps the person's page (and its print layouts) on the phone for
 * when there is no signal:
 * - pages are fetched from the network first; a reply marked `x-plan-offline: keep` (only
 *   the person's own pages) is kept, replacing the last copy;
 * - a reply marked `x-plan-offline: forget` (the link was withdrawn or ended, the phone has
 *   no link any more, or the person pressed "forget") deletes every copy at once;
 * - with no network, or when the server cannot answer, the last copy is shown.
 * One copy of /my-plan whatever its query (a notice after agreeing); one per print layout.
 * A recipient's pages are never marked, so they are never kept. The page asks the worker,
 * once loaded, to keep it (a message), so the very first visit works offline afterwards;
 * that fetch carries `x-plan-keep: 1` so the server does not count it as a view.
 */

const tiny = (title: string, text: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>` +
  `<main><h1>${esc(title)}</h1><p>${esc(text)}</p><ul><li><a href="tel:999">Call 999 in an emergency</a></li><li><a href="tel:111">Call NHS 111, option 2</a></li><li><a href="tel:116123">Call Samaritans on 116 123</a></li></ul></main></html>`;

const PAGES = JSON.stringify({ offline: tiny(T.offlineTitle, T.offline), notSent: tiny(T.offlineTitle, T.offlineSend), forgotten: tiny(T.forgottenTitle, T.forgotten) });

export const MY_PLAN_SERVICE_WORKER = `'use strict';
var C='my-plan-v1',P=${PAGES};
self.addEventListener('install',function(){self.skipWaiting()});
self.addEventListener('activate',function(e){e.waitUntil(self.clients.claim())});
function u(x){return new URL(x,self.location.origin)}
function kept(x){var a=u(x);return a.origin===self.location.origin&&(a.pathname==='/my-plan'||a.pathname==='/my-plan/print')}
function key(x){var a=u(x);return a.pathname==='/my-plan'?a.pathname:a.pathname+a.search}
function forget(){return caches.delete(C)}
function page(h,s){return new Response(h,{status:s,headers:{'content-type':'text/html; charset=utf-8','content-security-policy':"default-src 'none'",'cache-control':'no-store'}})}
function handle(k,res){var o=res.headers.get('x-plan-offline');if(o==='keep'&&res.status===200){var c=res.clone();return caches.open(C).then(function(x){return x.put(k,c)}).then(function(){return res},function(){return res})}if(o==='forget')return forget().then(function(){return res},function(){return res});return Promise.resolve(res)}
function copy(k){return caches.open(C).then(function(x){return x.match(k)})}
self.addEventListener('message',function(e){var m=String(e.data||'');if(!kept(m))return;var k=key(m);e.waitUntil(fetch(k,{credentials:'same-origin',headers:{'x-plan-keep':'1'}}).then(function(r){return handle(k,r)}).catch(function(){}))});
self.addEventListener('fetch',function(e){var r=e.request;if(u(r.url).origin!==self.location.origin)return;
if(r.method==='POST'){var p=u(r.url).pathname;if(p==='/my-plan/forget'){e.respondWith(forget().then(function(){return fetch(r)}).catch(function(){return page(P.forgotten,200)}));return}
if(p.indexOf('/my-plan')===0)e.respondWith(fetch(r).catch(function(){return page(P.notSent,503)}));return}
if(r.method!=='GET'||r.mode!=='navigate'||!kept(r.url))return;var k=key(r.url);
e.respondWith(fetch(r).then(function(res){if(res.status>=500)return copy(k).then(function(m){return m||res});return handle(k,res)}).catch(function(){return copy(k).then(function(m){return m||page(P.offline,503)})}))});
`;
