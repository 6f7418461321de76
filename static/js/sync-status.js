/* The sync status in the header of every page (docs/offline-intake.md): how many of the
 * signed-in user's reports wait on this device, "all sent", or "offline". It also
 * registers the service worker, sends waiting reports when the connection comes back,
 * and, on a signed-out page, removes the previous account's offline page from the
 * device. Texts come from data-text-* attributes rendered (translated) by base.html.
 */
/* global SelarasQueue */
(function () {
  "use strict";
  var badge = document.getElementById("sync-status");
  if (!badge) { return; }
  var MARKER = "selaras-offline-user";
  var hasWorker = "serviceWorker" in navigator;

  if (badge.hasAttribute("data-signed-out")) { return; }

  /* Signing out removes this account's kept page (name, office, places) from the
     device. Only an explicit sign-out: a session that merely expired keeps the page,
     so the counsellor can still report offline and send after signing in again. */
  Array.prototype.forEach.call(document.querySelectorAll("form.header__logout"), function (logout) {
    logout.addEventListener("submit", function () {
      try { window.localStorage.removeItem(MARKER); } catch (e) { /* private mode */ }
      if (hasWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "forget" });
      }
    });
  });
  if (!("indexedDB" in window) || !window.SelarasQueue) { return; }

  var username = badge.getAttribute("data-username");
  var mayReport = badge.hasAttribute("data-may-report");
  var sending = false;
  var needsLogin = false;
  var retryTimer = null;

  function text(name, n) {
    return (badge.getAttribute("data-text-" + name) || "").replace("{n}", String(n));
  }

  function render() {
    return SelarasQueue.counts(username).then(function (c) {
      var waiting = c.pending + c.failed + c.sending;
      var parts = [];
      var state;
      if (!navigator.onLine) { parts.push(text("offline")); }
      if (c.sending) { parts.push(text("sending")); }
      if (waiting) { parts.push(text(waiting === 1 ? "pending-one" : "pending-many", waiting)); }
      if (c.fix) { parts.push(text(c.fix === 1 ? "fix-one" : "fix-many", c.fix)); }
      if (waiting && needsLogin) { parts.push(text("login")); }
      if (!navigator.onLine) { state = "offline"; }
      else if (c.fix) { state = "fix"; }
      else if (c.sending) { state = "sending"; }
      else if (waiting) { state = "pending"; }
      else { state = "sent"; parts.push(text("all-sent")); }
      var label = parts.join(" · ");
      var target = badge.querySelector("[data-sync-text]") || badge;
      if (target.textContent !== label) { target.textContent = label; }
      badge.setAttribute("data-state", state);
      badge.setAttribute("data-waiting", String(waiting));
      badge.setAttribute("data-fix", String(c.fix));
      // A role that cannot report sees the status only if reports of it wait here.
      badge.hidden = !mayReport && !waiting && !c.fix;
    }).catch(function () { /* IndexedDB refused (private mode): show nothing */ });
  }

  function scheduleRetry() {
    if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
    SelarasQueue.nextRetry(username).then(function (when) {
      if (when === null) { return; }
      retryTimer = window.setTimeout(function () { send(false); },
                                     Math.max(1000, when - Date.now()));
    });
  }

  function send(force) {
    if (!navigator.onLine || sending) { return Promise.resolve(null); }
    sending = true;
    return SelarasQueue.sendAll({
      sessionUrl: badge.getAttribute("data-session-url"),
      apiUrl: badge.getAttribute("data-api-url"),
      force: force
    }).then(function (summary) {
      sending = false;
      needsLogin = !!(summary && !summary.signedIn);
      if (needsLogin) { badge.setAttribute("data-needs-login", "true"); }
      else { badge.removeAttribute("data-needs-login"); }
      scheduleRetry();
      return render().then(function () { return summary; });
    }, function () { sending = false; scheduleRetry(); return null; });
  }

  window.SelarasSync = { send: send, render: render, username: username };

  SelarasQueue.listen(render);
  window.addEventListener("online", function () { render(); send(true); });
  window.addEventListener("offline", render);

  render().then(function () {
    return SelarasQueue.counts(username);
  }).then(function (c) {
    if (c.pending || c.failed || c.sending) { send(false); } else { scheduleRetry(); }
  });

  if (hasWorker && window.isSecureContext) {
    navigator.serviceWorker.register(badge.getAttribute("data-sw-url"), { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var previous = null;
        try { previous = window.localStorage.getItem(MARKER); } catch (e) { previous = null; }
        if (mayReport && previous !== username && registration.active) {
          // Another account (or none) used this device's offline page last: fetch ours.
          registration.active.postMessage({ type: "warm" });
          try { window.localStorage.setItem(MARKER, username); } catch (e2) { /* ignore */ }
        }
      })
      .catch(function () { /* no worker: the page still works online */ });
  }
}());
