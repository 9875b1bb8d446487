/* POC Tracker service worker.
 *
 * - App shell (offline viewer, PWA scripts, manifest, icons): precached, then stale-while-revalidate.
 * - Build files under /assets/ are left to the browser's HTTP cache: content-hashed, served "immutable" for a
 *   year. Answering them from here too made repeat visits slower (about 150 ms on DOMContentLoaded in
 *   bench/page_load.py) and offline page loads never need them: they get the offline viewer.
 * - Page navigations: network first (with navigation preload); with no network, the offline viewer
 *   (/offline.html) answers at the same URL and shows the POCs saved on this device.
 * - API calls and the Reflex websocket are never cached here: POC data saved for offline use lives in
 *   the "poc-tracker-data-v1" cache, written by /pwa.js with the user's token and cleared on sign-out.
 * Bump VERSION when the shell list changes; activation deletes the caches of older versions.
 */
"use strict";

const VERSION = "4";
const SHELL = `poc-tracker-shell-v${VERSION}`;
const DATA = "poc-tracker-data-v1";
const OFFLINE_PAGE = "/offline.html";
const SHELL_FILES = [
  OFFLINE_PAGE, "/offline.js", "/auth.js", "/pwa.js", "/manifest.webmanifest", "/favicon.svg",
  "/icons/icon.svg", "/icons/icon-192.png", "/icons/icon-512.png", "/icons/maskable-192.png",
];
const NETWORK_ONLY = ["/api/", "/_event", "/_upload", "/_health", "/ping", "/healthz", "/readyz", "/metrics",
  "/.well-known/"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL, DATA]);
    for (const name of await caches.keys()) {
      if (name.startsWith("poc-tracker-") && !keep.has(name)) await caches.delete(name);
    }
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

async function navigation(event) {
  try {
    const preloaded = await event.preloadResponse;
    return preloaded || await fetch(event.request);
  } catch (err) {
    const offline = await caches.match(OFFLINE_PAGE, {cacheName: SHELL});
    if (offline) return offline;
    throw err;
  }
}

async function preloadedOrNetwork(event) {
  return (await event.preloadResponse) || fetch(event.request);
}

async function staleWhileRevalidate(event) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(event.request, {ignoreSearch: true});
  const update = fetch(event.request).then((response) => {
    if (response.ok && response.type === "basic") return cache.put(event.request, response.clone()).then(() => response);
    return response;
  });
  if (hit) {
    event.waitUntil(update.catch(() => undefined));
    return hit;
  }
  return update;
}

self.addEventListener("fetch", (event) => {
  const {request} = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NETWORK_ONLY.some((p) => url.pathname.startsWith(p))) {
    // A navigation here (an identity provider sending the browser back to /api/v1/auth/oidc/callback) already
    // has its preload request in flight: answer with it, or the server sees the request twice and a
    // single-use callback fails the second time.
    if (request.mode === "navigate") event.respondWith(preloadedOrNetwork(event));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigation(event));
  } else if (SHELL_FILES.includes(url.pathname) || url.pathname.startsWith("/icons/")) {
    event.respondWith(staleWhileRevalidate(event));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});
