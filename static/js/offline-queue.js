/* The queue of reports kept on the device (IndexedDB) and its sending.
 *
 * Used by the pages (offline-intake.js, sync-status.js) and by the service worker
 * (Background Sync), so it touches neither the DOM nor window-only APIs.
 * docs/offline-intake.md explains the states and the Idempotency-Key rules.
 *
 * A draft: {id, username, lang, fields: {...}, state, key, keyBody, attempts,
 *           nextTry, errors, detail, number, createdAt, updatedAt, sentAt}
 * States: "konsep" (being written) → "menunggu" (queued) → "mengirim" → "terkirim";
 *         or "perlu_diperbaiki" (the server refused it: 4xx) / "gagal" (5xx, network:
 *         tried again later with the same key and the same body).
 */
(function (global) {
  "use strict";
  var DB_NAME = "selaras-offline";
  var STORE = "drafts";
  var CHANNEL = "selaras-sync";
  var LOCK = "selaras-send";
  var KEEP_SENT_MS = 7 * 24 * 3600 * 1000;   // a sent report's number stays a week
  var STALE_SENDING_MS = 60 * 1000;          // "mengirim" left by a closed page
  var FIELD_ORDER = ["title", "chronology", "category", "occurred_at", "occurred_precision",
                     "location", "alert_level", "source_channel", "reporter_name",
                     "reporter_contact"];
  var dbPromise = null;

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) { return global.crypto.randomUUID(); }
    var bytes = global.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = global.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var store = request.result.createObjectStore(STORE, { keyPath: "id" });
          store.createIndex("username", "username", { unique: false });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { dbPromise = null; reject(request.error); };
      });
    }
    return dbPromise;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result;
        Promise.resolve(work(tx.objectStore(STORE), function (value) { result = value; }));
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function everything() {
    return run("readonly", function (store, done) {
      var request = store.getAll();
      request.onsuccess = function () { done(request.result || []); };
    });
  }

  function forUser(username) {
    return everything().then(function (all) {
      return all.filter(function (d) { return d.username === username; })
        .sort(function (a, b) { return a.createdAt - b.createdAt; });
    });
  }

  function get(id) {
    return run("readonly", function (store, done) {
      var request = store.get(id);
      request.onsuccess = function () { done(request.result || null); };
    });
  }

  function put(draft) {
    draft.updatedAt = Date.now();
    return run("readwrite", function (store) { store.put(draft); }).then(function () {
      return draft;
    });
  }

  function remove(id) {
    return run("readwrite", function (store) { store["delete"](id); }).then(announce);
  }

  function create(username, lang, fields) {
    var now = Date.now();
    return put({
      id: uuid(), username: username, lang: lang || "id", fields: fields || {},
      state: "konsep", key: uuid(), keyBody: null, attempts: 0, nextTry: 0,
      errors: null, detail: "", number: null, createdAt: now, updatedAt: now, sentAt: null
    });
  }

  /* May the user still change it? Not once a body was sent with its key and the
     outcome is unknown: changing it would need a new key, and if the first send did
     reach the server the report would exist twice. */
  function editable(draft) {
    return draft.state === "konsep" || draft.state === "perlu_diperbaiki" ||
      (draft.state === "menunggu" && draft.keyBody === null);
  }

  /* The JSON body, always built in the same field order: the server compares the
     bytes (SHA-256) of a retry with the first request of the key. */
  function body(draft) {
    var ordered = {};
    FIELD_ORDER.forEach(function (name) {
      if (draft.fields[name] !== undefined) { ordered[name] = draft.fields[name]; }
    });
    return JSON.stringify(ordered);
  }

  var channel = null;
  function announce() {
    try {
      if (!channel && global.BroadcastChannel) { channel = new global.BroadcastChannel(CHANNEL); }
      if (channel) { channel.postMessage({ type: "changed" }); }
    } catch (e) { /* no channel: pages refresh on their own events */ }
    if (global.dispatchEvent && global.CustomEvent) {
      try { global.dispatchEvent(new global.CustomEvent("selaras-queue-changed")); } catch (e2) { /* worker */ }
    }
  }

  function listen(callback) {
    if (global.BroadcastChannel) {
      var incoming = new global.BroadcastChannel(CHANNEL);
      incoming.onmessage = function () { callback(); };
    }
    if (global.addEventListener) { global.addEventListener("selaras-queue-changed", callback); }
  }

  function backoff(attempts) {
    return Math.min(5 * 60 * 1000, 5000 * Math.pow(2, Math.max(0, attempts - 1)));
  }

  function withLock(work) {
    var locks = global.navigator && global.navigator.locks;
    if (locks && locks.request) { return locks.request(LOCK, work); }
    return work();
  }

  function sendable(draft, now, force, locked) {
    if (draft.state === "menunggu") { return true; }
    if (draft.state === "gagal") { return force || draft.nextTry <= now; }
    if (draft.state === "mengirim") {
      // Under the lock nobody else is sending: a "mengirim" was left by a closed page.
      return locked || now - draft.updatedAt > STALE_SENDING_MS;
    }
    return false;
  }

  /* Sends the current user's queued drafts, one after the other.
     options: {sessionUrl, apiUrl, force}. Resolves to
     {signedIn, username, sent, refused, failed}. */
  function sendAll(options) {
    var locked = !!(global.navigator && global.navigator.locks);
    return withLock(function () {
      var summary = { signedIn: false, username: null, sent: 0, refused: 0, failed: 0 };
      return fetch(options.sessionUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) { return null; }
          return response.json();
        }, function () { return null; })
        .then(function (session) {
          if (!session || !session.username) { return summary; }
          summary.signedIn = true;
          summary.username = session.username;
          // Only this account's drafts: another account's stay on the device, unsent.
          return forUser(session.username).then(function (drafts) {
            var now = Date.now();
            var queue = drafts.filter(function (d) { return sendable(d, now, options.force, locked); });
            var chain = Promise.resolve();
            var stop = false;
            queue.forEach(function (draft) {
              chain = chain.then(function () {
                if (stop) { return; }
                return sendOne(draft, session.csrf_token, options).then(function (outcome) {
                  summary[outcome] = (summary[outcome] || 0) + 1;
                  if (outcome === "signedOut") { summary.signedIn = false; stop = true; }
                });
              });
            });
            return chain.then(function () { return summary; });
          });
        })
        .then(function (result) { return purgeSent().then(function () { announce(); return result; }); });
    });
  }

  function sendOne(draft, csrfToken, options) {
    var payload = body(draft);
    if (draft.keyBody !== null && draft.keyBody !== payload) {
      // Changed since it was last sent (fixed after a refusal): the old key belongs to
      // the old body (the server answers 422 to the same key with another body).
      draft.key = uuid();
    }
    draft.keyBody = payload;
    draft.state = "mengirim";
    draft.attempts += 1;
    return put(draft).then(function () {
      announce();
      return fetch(options.apiUrl, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "Accept-Language": draft.lang || "id",
          "X-CSRFToken": csrfToken,
          "Idempotency-Key": draft.key
        },
        body: payload
      });
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return settle(draft, response, data);
      });
    }, function () {
      return temporary(draft, 0);
    });
  }

  function settle(draft, response, data) {
    var status = response.status;
    if (status === 200 || status === 201) {
      // Keep only the number: the report's content has no business on the phone now.
      var sent = { id: draft.id, username: draft.username, lang: draft.lang, state: "terkirim",
                   number: data && data.number, fields: {}, key: draft.key, keyBody: null,
                   attempts: draft.attempts, nextTry: 0, errors: null, detail: "",
                   createdAt: draft.createdAt, sentAt: Date.now() };
      return put(sent).then(function () { return "sent"; });
    }
    if (status === 401) {
      // Signed out meanwhile: queued again, sent after the next sign-in.
      draft.state = "menunggu";
      return put(draft).then(function () { return "signedOut"; });
    }
    var retryAfter = (parseInt(response.headers.get("Retry-After") || "0", 10) || 0) * 1000;
    if (status === 409) {
      // The same key is still being handled (an earlier send that lost its answer):
      // ask again soon, its answer will then be replayed.
      return temporary(draft, Math.max(retryAfter, 1000), true);
    }
    if (status === 429 || status === 408 || status >= 500) {
      return temporary(draft, retryAfter);
    }
    draft.state = "perlu_diperbaiki";
    draft.errors = (data && data.errors) || null;
    draft.detail = (data && data.detail) || ("HTTP " + status);
    return put(draft).then(function () { return "refused"; });
  }

  function temporary(draft, wait, exact) {
    draft.state = "gagal";
    draft.nextTry = Date.now() + (exact ? wait : Math.max(wait || 0, backoff(draft.attempts)));
    return put(draft).then(function () { return "failed"; });
  }

  function purgeSent() {
    var cutoff = Date.now() - KEEP_SENT_MS;
    return everything().then(function (all) {
      var old = all.filter(function (d) { return d.state === "terkirim" && d.sentAt < cutoff; });
      if (!old.length) { return; }
      return run("readwrite", function (store) {
        old.forEach(function (d) { store["delete"](d.id); });
      });
    });
  }

  function counts(username) {
    return forUser(username).then(function (drafts) {
      var result = { pending: 0, sending: 0, fix: 0, failed: 0, sent: 0, total: drafts.length };
      drafts.forEach(function (d) {
        if (d.state === "menunggu") { result.pending += 1; }
        else if (d.state === "mengirim") { result.sending += 1; }
        else if (d.state === "perlu_diperbaiki") { result.fix += 1; }
        else if (d.state === "gagal") { result.failed += 1; }
        else if (d.state === "terkirim") { result.sent += 1; }
      });
      return result;
    });
  }

  global.SelarasQueue = {
    uuid: uuid, everything: everything, forUser: forUser, get: get, put: put, remove: remove,
    create: create, editable: editable, body: body, sendAll: sendAll, counts: counts,
    announce: announce, listen: listen, nextRetry: function (username) {
      return forUser(username).then(function (drafts) {
        var times = drafts.filter(function (d) { return d.state === "gagal"; })
          .map(function (d) { return d.nextTry; });
        return times.length ? Math.min.apply(null, times) : null;
      });
    }
  };
}(typeof self !== "undefined" ? self : this));
