/* The offline intake page (templates/cases/offline_intake.html, docs/offline-intake.md).
 *
 * The form is saved into IndexedDB as it is typed ("konsep"); "Save and send" checks
 * the required answers, queues the report ("menunggu") and asks the queue to send it
 * (now if online, else on the "online" event, on the next page load, on "Send now" or
 * by Background Sync). A report the server refused comes back here with its errors.
 */
/* global SelarasQueue */
(function () {
  "use strict";
  var root = document.getElementById("offline-intake");
  if (!root || !window.SelarasQueue) { return; }
  var form = document.getElementById("offline-form");
  var username = root.getAttribute("data-username");
  var lang = document.documentElement.lang || "id";
  var currentId = null;      // the draft the form is editing
  var regionNames = {};
  var withVillages = true;
  var saveTimer = null;
  var saving = Promise.resolve(null);   // the autosave in flight (submit waits for it)
  var SELECTS = ["loc-province", "loc-regency", "loc-district", "loc-village"].map(function (id) {
    return document.getElementById(id);
  });
  var LENGTHS = [2, 4, 6, 10];
  // Server field → the form's field (where its error is shown).
  var FIELD_OF = { occurred_at: "occurred_on", occurred_precision: "occurred_on",
                   location: "location", subcategory: "category" };

  function t(name, values) {
    var value = root.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { value = value.replace("{" + key + "}", values[key]); });
    return value;
  }

  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }

  /* ---------------------------------------------------------------- places */

  var allRegions = [];

  function fill(select, parentCode, length, chosen) {
    while (select.options.length) { select.remove(0); }
    var options = allRegions.filter(function (r) {
      return r[0].length === length && (!parentCode || r[0].indexOf(parentCode) === 0);
    });
    select.appendChild(el("option", { value: "" }, t("choose")));
    options.forEach(function (r) { select.appendChild(el("option", { value: r[0] }, r[1])); });
    select.disabled = !options.length;
    if (chosen && options.some(function (r) { return r[0] === chosen; })) {
      select.value = chosen;
    } else if (options.length === 1 && length < 10) {
      select.value = options[0][0];   // one choice only (the user's own area): take it
    }
  }

  function cascade(from, chosen) {
    for (var i = from; i < SELECTS.length; i += 1) {
      var parent = i ? SELECTS[i - 1].value : "";
      if (i && !parent) { fill(SELECTS[i], "__none__", LENGTHS[i]); continue; }
      if (i === 3 && !withVillages) { fill(SELECTS[i], "__none__", LENGTHS[i]); continue; }
      fill(SELECTS[i], parent, LENGTHS[i], chosen ? chosen.slice(0, LENGTHS[i]) : null);
    }
  }

  function setLocation(code) { cascade(0, code || ""); }

  function location() {
    var chosen = SELECTS.map(function (s) { return s.value; }).filter(Boolean);
    return chosen.length >= 3 ? chosen[chosen.length - 1] : "";
  }

  function loadRegions() {
    return fetch(root.getAttribute("data-regions-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        allRegions = data.regions || [];
        withVillages = !!data.villages;
        allRegions.forEach(function (r) { regionNames[r[0]] = r[1]; });
        var note = document.getElementById("offline-regions-note");
        note.hidden = withVillages;
        note.textContent = withVillages ? "" : t("district-only");
        cascade(0);
      })
      .catch(function () {
        var note = document.getElementById("offline-regions-note");
        note.hidden = false;
        note.textContent = t("regions-missing");
        cascade(0);
      });
  }

  SELECTS.forEach(function (select, index) {
    select.addEventListener("change", function () { cascade(index + 1); });
  });

  /* ---------------------------------------------------------------- form <-> draft */

  function checked(name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : "";
  }

  function read() {
    var day = form.elements.occurred_on.value;
    var level = checked("alert_level");
    return {
      title: form.elements.title.value.trim(),
      chronology: form.elements.chronology.value.trim(),
      category: checked("category"),
      // A day without a time: midnight in Asia/Jakarta (the API's default zone).
      occurred_at: day ? day + "T00:00:00" : "",
      occurred_precision: "day",
      location: location(),
      alert_level: level ? parseInt(level, 10) : null,
      source_channel: form.elements.source_channel.value,
      reporter_name: form.elements.reporter_name.value.trim(),
      reporter_contact: form.elements.reporter_contact.value.trim()
    };
  }

  function write(fields) {
    fields = fields || {};
    form.elements.title.value = fields.title || "";
    form.elements.chronology.value = fields.chronology || "";
    form.elements.occurred_on.value = (fields.occurred_at || "").slice(0, 10);
    ["category", "alert_level"].forEach(function (name) {
      Array.prototype.forEach.call(form.querySelectorAll("input[name='" + name + "']"), function (input) {
        input.checked = fields[name] !== undefined && fields[name] !== null &&
          String(fields[name]) === input.value;
      });
    });
    if (fields.source_channel) { form.elements.source_channel.value = fields.source_channel; }
    form.elements.reporter_name.value = fields.reporter_name || "";
    form.elements.reporter_contact.value = fields.reporter_contact || "";
    setLocation(fields.location || "");
  }

  function blank(fields) {
    return !fields.title && !fields.chronology && !fields.occurred_at && !fields.category &&
      !fields.alert_level && !fields.reporter_name && !fields.reporter_contact;
  }

  /* Keep what is typed (a closed tab or a dead battery loses nothing). */
  function autosave() {
    var fields = read();
    if (!currentId && blank(fields)) { return Promise.resolve(null); }
    var work = currentId ? SelarasQueue.get(currentId) : SelarasQueue.create(username, lang, fields);
    return work.then(function (draft) {
      if (!draft || !SelarasQueue.editable(draft)) { currentId = null; return null; }
      currentId = draft.id;
      draft.fields = fields;
      return SelarasQueue.put(draft).then(function (saved) { renderQueue(); return saved; });
    });
  }

  function queueAutosave(delay) {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(function () {
      saving = saving.then(autosave, autosave);
    }, delay);
  }
  form.addEventListener("input", function () { queueAutosave(400); });
  form.addEventListener("change", function () { queueAutosave(100); });

  Array.prototype.forEach.call(document.querySelectorAll("[data-quick-day]"), function (button) {
    button.addEventListener("click", function () {
      var day = new Date();
      day.setDate(day.getDate() - parseInt(button.getAttribute("data-quick-day"), 10));
      var local = new Date(day.getTime() - day.getTimezoneOffset() * 60000);
      form.elements.occurred_on.value = local.toISOString().slice(0, 10);
      form.dispatchEvent(new Event("change"));
    });
  });

  /* ---------------------------------------------------------------- errors */

  function clearErrors() {
    Array.prototype.forEach.call(root.querySelectorAll(".field__error"), function (p) {
      p.hidden = true; p.textContent = "";
      var field = p.closest(".field");
      if (field) { field.classList.remove("field--error"); }
    });
    var summary = document.getElementById("offline-errors");
    summary.hidden = true;
    summary.querySelector("ul").textContent = "";
    document.getElementById("offline-errors-detail").hidden = true;
  }

  function showErrors(errors, detail) {
    clearErrors();
    var summary = document.getElementById("offline-errors");
    var list = summary.querySelector("ul");
    Object.keys(errors).forEach(function (serverField) {
      var name = FIELD_OF[serverField] || serverField;
      var messages = [].concat(errors[serverField]);
      var target = document.getElementById("error-" + name);
      if (target) {
        target.hidden = false;
        target.textContent = messages.join(" ");
        target.closest(".field").classList.add("field--error");
      }
      messages.forEach(function (message) {
        var item = el("li");
        if (target) {
          item.appendChild(el("a", { href: "#field-" + name }, message));
        } else {
          item.textContent = message;
        }
        list.appendChild(item);
      });
    });
    var detailNode = document.getElementById("offline-errors-detail");
    if (detail && !list.children.length) {
      detailNode.hidden = false;
      detailNode.textContent = detail;
    }
    summary.hidden = false;
    summary.focus();
  }

  function check(fields) {
    var errors = {};
    if (!fields.location) { errors.location = [t("err-location")]; }
    if (!fields.title) { errors.title = [t("err-title")]; }
    if (!fields.chronology) { errors.chronology = [t("err-chronology")]; }
    if (!fields.occurred_at) { errors.occurred_on = [t("err-occurred")]; }
    if (!fields.category) { errors.category = [t("err-category")]; }
    if (!fields.alert_level) { errors.alert_level = [t("err-level")]; }
    return errors;
  }

  /* ---------------------------------------------------------------- submit */

  function notice(message) {
    var node = document.getElementById("offline-notice");
    node.textContent = message;
    node.hidden = !message;
  }

  function startNew() {
    currentId = null;
    form.reset();
    write({});
    clearErrors();
    document.getElementById("offline-editing").hidden = true;
    document.getElementById("offline-new").hidden = true;
  }

  function requestBackgroundSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync && registration.sync.register) {
        return registration.sync.register("selaras-send");
      }
    })["catch"](function () { /* not supported: the page's own triggers remain */ });
  }

  function sendNow(force) {
    if (window.SelarasSync) { return window.SelarasSync.send(force); }
    return Promise.resolve(null);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(saveTimer);
    var fields = read();
    var errors = check(fields);
    if (Object.keys(errors).length) { showErrors(errors); return; }
    clearErrors();
    var load = function () {
      return currentId ? SelarasQueue.get(currentId) : SelarasQueue.create(username, lang, fields);
    };
    var raced = false;
    saving = saving.then(load, load).then(function (draft) {
      if (!draft || !SelarasQueue.editable(draft)) {
        // Its sending started meanwhile: keep these changes as a separate unfinished
        // report rather than risk sending the same report twice.
        raced = true;
        return SelarasQueue.create(username, lang, fields);
      }
      return draft;
    }).then(function (draft) {
      draft.fields = fields;
      draft.state = raced ? "konsep" : "menunggu";
      draft.errors = null;
      draft.detail = "";
      draft.nextTry = 0;
      return SelarasQueue.put(draft);
    }).then(function () {
      SelarasQueue.announce();
      startNew();
      notice(navigator.onLine ? t("saved-online") : t("saved-offline"));
      renderQueue();
      requestBackgroundSync();
      if (navigator.onLine) { sendNow(false); }
      document.getElementById("offline-queue-title").scrollIntoView();
    })["catch"](function (error) { notice(String(error)); });
  });

  document.getElementById("offline-new").addEventListener("click", startNew);
  document.getElementById("offline-send-now").addEventListener("click", function () {
    sendNow(true);
  });

  function edit(draft) {
    if (draft.state === "menunggu") {
      // Out of the queue while it is being changed (the queue must not send half of it).
      draft.state = "konsep";
      SelarasQueue.put(draft).then(function () { SelarasQueue.announce(); });
    }
    currentId = draft.id;
    write(draft.fields);
    document.getElementById("offline-editing").hidden = false;
    document.getElementById("offline-new").hidden = false;
    notice("");
    if (draft.state === "perlu_diperbaiki") {
      showErrors(draft.errors || {}, draft.detail || t("server-refused"));
    } else {
      clearErrors();
      form.elements.title.focus();
    }
  }

  /* ---------------------------------------------------------------- the queue */

  function placeName(code) {
    if (!code) { return ""; }
    return regionNames[code] || code;
  }

  function renderQueue() {
    return SelarasQueue.everything().then(function (all) {
      var mine = all.filter(function (d) { return d.username === username; })
        .sort(function (a, b) { return b.createdAt - a.createdAt; });
      var others = all.filter(function (d) { return d.username !== username && d.state !== "terkirim"; });
      var list = document.getElementById("offline-queue");
      list.textContent = "";
      var shown = mine.filter(function (d) { return d.state !== "konsep" || d.id !== currentId; });
      shown.forEach(function (draft) {
        var item = el("li", { "class": "offline__item offline__item--" + draft.state,
                              "data-state": draft.state, "data-draft": draft.id });
        var head = el("p", { "class": "offline__item-head" });
        head.appendChild(el("span", { "class": "badge offline__state" }, t("state-" + draft.state)));
        var title = draft.state === "terkirim" ? "" : (draft.fields.title || t("untitled"));
        if (title) { head.appendChild(el("strong", { "class": "offline__title" }, " " + title)); }
        item.appendChild(head);
        if (draft.state === "terkirim" && draft.number) {
          var link = el("a", { href: root.getAttribute("data-case-url").replace("NUMBER", encodeURIComponent(draft.number)),
                               "class": "offline__number" }, t("open-case", { number: draft.number }));
          item.appendChild(link);
        } else if (draft.fields.location) {
          item.appendChild(el("p", { "class": "hint" }, placeName(draft.fields.location)));
        }
        if (draft.state === "perlu_diperbaiki") {
          var problems = el("ul", { "class": "offline__problems" });
          var errors = draft.errors || {};
          Object.keys(errors).forEach(function (field) {
            [].concat(errors[field]).forEach(function (message) { problems.appendChild(el("li", {}, message)); });
          });
          if (!problems.children.length && draft.detail) { problems.appendChild(el("li", {}, draft.detail)); }
          item.appendChild(problems);
        }
        if (SelarasQueue.editable(draft) && draft.id !== currentId) {
          var actions = el("p", { "class": "offline__actions" });
          var editButton = el("button", { type: "button", "class": "button button--secondary" },
                              draft.state === "perlu_diperbaiki" ? t("edit") : t("continue"));
          editButton.addEventListener("click", function () { edit(draft); });
          actions.appendChild(editButton);
          var deleteButton = el("button", { type: "button", "class": "link-button" }, t("delete"));
          deleteButton.addEventListener("click", function () {
            if (window.confirm(t("delete-confirm"))) { SelarasQueue.remove(draft.id).then(renderQueue); }
          });
          actions.appendChild(deleteButton);
          item.appendChild(actions);
        }
        list.appendChild(item);
      });
      document.getElementById("offline-queue-empty").hidden = shown.length > 0;
      var otherNote = document.getElementById("offline-other-users");
      otherNote.hidden = !others.length;
      otherNote.textContent = others.length ? t("other-users", { n: others.length }) : "";
    });
  }

  SelarasQueue.listen(renderQueue);

  loadRegions().then(function () {
    // Continue an unfinished report of this account, if there is one.
    return SelarasQueue.forUser(username);
  }).then(function (drafts) {
    var unfinished = drafts.filter(function (d) { return d.state === "konsep"; }).pop();
    if (unfinished) {
      currentId = unfinished.id;
      write(unfinished.fields);
    }
    return renderQueue();
  });
}());
