/**
 * The help page's service worker, served at <help page address>-sw.js with its scope
 * limited to that page (/help, /s/<slug>/help). It keeps the page for when there is no
 * signal: pages are fetched from the network first and the copy is refreshed each time;
 * with no network, the last copy is shown (the same language if it was seen, otherwise
 * any). The page asks it, once loaded, to keep the page it is on (a message), so the
 * very first visit works offline afterwards. Nothing but GET page loads is touched.
 */
export const SERVICE_WORKER = `'use strict';
var C='help-v1';
self.addEventListener('install',function(){self.skipWaiting()});
self.addEventListener('activate',function(e){e.waitUntil(self.clients.claim())});
function mine(u){var s=self.registration.scope;return u.split('#')[0].split('?')[0]===s}
function keep(r){return caches.open(C).then(function(c){return c.add(r)}).catch(function(){})}
self.addEventListener('message',function(e){var u=String(e.data||'');if(mine(u))e.waitUntil(caches.match(u).then(function(m){return m||keep(u)}))});
self.addEventListener('fetch',function(e){var r=e.request;if(r.method!=='GET'||r.mode!=='navigate'||!mine(r.url))return;
e.respondWith(fetch(r).then(function(res){if(res.ok){var copy=res.clone();e.waitUntil(caches.open(C).then(function(c){return c.put(r,copy)}))}return res}).catch(function(){return caches.match(r).then(function(m){return m||caches.match(r,{ignoreSearch:true})}).then(function(m){return m||Response.error()})}))});
`;
