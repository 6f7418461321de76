/* Service worker of Selaras (served as /sw.js by selaras.cases.views_offline, which puts
 * self.SELARAS_SW = {version, precache, intakeUrl, regionsUrl, ...} above this file).
 *
 * What it keeps (docs/offline-intake.md):
 * - "selaras-static-<version>": the CSS/JS the offline intake page needs;
 * - "selaras-page-<version>": the offline intake page and the list of the user's places.
 * Nothing else. Case pages, lists and API answers are never stored: a shared phone must
 * not keep personal data of cases. Every other page goes to the network; without a
 * connection the offline intake page answers instead.
 */
/* global SelarasQueue */
"use strict";
var CONFIG = self.SELARAS_SW;
var STATIC_CACHE = "selaras-static-" + CONFIG.version;
var PAGE_CACHE = "selaras-page-" + CONFIG.version;
var KEPT = [STATIC_CACHE, PAGE_CACHE];

importScripts(CONFIG.queueScript);

function storeIfOwn(cache, url, response) {
  // Only a real answer for that very URL: not a redirect to the login page.
  if (!response || !response.ok || response.redirected || response.type !== "basic") {
    return Promise.resolve(false);
  }
  var path = new URL(response.url).pathname;
  if (path !== url) { return Promise.resolve(false); }
  return cache.put(url, response).then(function () { return true; });
}

function warm() {
  return caches.open(PAGE_CACHE).then(function (cache) {
    return Promise.all([CONFIG.intakeUrl, CONFIG.regionsUrl].map(function (url) {
      return fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return storeIfOwn(cache, url, response); })
        .catch(function () { return false; });
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.precache); })
      .then(warm)
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("selaras-") === 0 && KEPT.indexOf(name) === -1;
      }).map(function (name) { return caches["delete"](name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlineFallback() {
  return caches.match(CONFIG.intakeUrl, { cacheName: PAGE_CACHE }).then(function (cached) {
    return cached || new Response(
      "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
      "<title>Selaras</title><p>Tidak ada sambungan. / No connection.</p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

function navigation(request) {
  var path = new URL(request.url).pathname;
  return fetch(request).then(function (response) {
    if (path === CONFIG.intakeUrl) {
      var copy = response.clone();
      caches.open(PAGE_CACHE).then(function (cache) { return storeIfOwn(cache, path, copy); });
    }
    return response;
  }, offlineFallback);
}

function regions(request) {
  return fetch(request).then(function (response) {
    var copy = response.clone();
    caches.open(PAGE_CACHE).then(function (cache) { return storeIfOwn(cache, CONFIG.regionsUrl, copy); });
    return response;
  }, function () {
    return caches.match(CONFIG.regionsUrl, { cacheName: PAGE_CACHE }).then(function (cached) {
      return cached || Response.error();
    });
  });
}

function staticFile(request) {
  return caches.match(request, { cacheName: STATIC_CACHE }).then(function (cached) {
    return cached || fetch(request);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(navigation(request));
  } else if (url.pathname === CONFIG.regionsUrl) {
    event.respondWith(regions(request));
  } else if (url.pathname.indexOf(CONFIG.staticPrefix) === 0) {
    event.respondWith(staticFile(request));
  }
  // Anything else (API, JSON, htmx fragments): straight to the network, never stored.
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "warm") {
    event.waitUntil(warm());
  } else if (data.type === "forget") {
    // Signed out: the page of that account (name, office, places) leaves the phone.
    event.waitUntil(caches["delete"](PAGE_CACHE));
  } else if (data.type === "send") {
    event.waitUntil(send(false));
  }
});

function send(force) {
  return SelarasQueue.sendAll({ sessionUrl: CONFIG.sessionUrl, apiUrl: CONFIG.apiUrl, force: force });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== "selaras-send") { return; }
  event.waitUntil(send(false).then(function (summary) {
    // Ask the browser to try again later while something could not be sent.
    if (summary.failed) { throw new Error("some reports are still waiting"); }
  }));
});
