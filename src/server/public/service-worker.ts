/**
 * The help page's service worker, served at <help page address>-sw.js with its scope
 * limited to that page (/help, /s/<slug>/help). It keeps the page for when there is no
 * signal: pages are fetched from the network first and the copy is refreshed each time;
 * with no network, the last copy is shown (the same language if it was seen, otherwise
 * any). The page asks it, once loaded, to keep the page it is on (a message), so the
 * very first visit works offline afterwards. A call back form sent with no signal gets a
 * short page saying it was not sent, with the numbers to call (calls need no data).
 * Nothing else is touched.
 */
export const SERVICE_WORKER = `'use strict';
var C='help-v1';
self.addEventListener('install',function(){self.skipWaiting()});
self.addEventListener('activate',function(e){e.waitUntil(self.clients.claim())});
function mine(u){var s=self.registration.scope;return u.split('#')[0].split('?')[0]===s}
function keep(r){return caches.open(C).then(function(c){return c.add(r)}).catch(function(){})}
self.addEventListener('message',function(e){var u=String(e.data||'');if(mine(u))e.waitUntil(caches.match(u).then(function(m){return m||keep(u)}))});
var OFF='<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Not sent: no signal</title><main><h1>Not sent: you are offline</h1><p>Your message has not been sent. Go back to keep what you wrote, and send it again when you have signal.</p><h2>If you need help now</h2><p>Phone calls still work: <a href="tel:999">call 999</a> if you are in danger, <a href="tel:111">NHS 111</a> and choose option 2, or <a href="tel:116123">Samaritans on 116 123</a>.</p></main></html>';
function sent(u){return u.split('#')[0].split('?')[0]===self.registration.scope+'/callback'}
self.addEventListener('fetch',function(e){var r=e.request;
if(r.method==='POST'&&sent(r.url)){e.respondWith(fetch(r).catch(function(){return new Response(OFF,{status:503,headers:{'content-type':'text/html; charset=utf-8','content-security-policy':"default-src 'none'"}})}));return}
if(r.method!=='GET'||r.mode!=='navigate'||!mine(r.url))return;
e.respondWith(fetch(r).then(function(res){if(res.ok){var copy=res.clone();e.waitUntil(caches.open(C).then(function(c){return c.put(r,copy)}))}return res}).catch(function(){return caches.match(r).then(function(m){return m||caches.match(r,{ignoreSearch:true})}).then(function(m){return m||Response.error()})}))});
`;
