// lembar's "Save for offline" control. Nothing is saved until the reader
// presses it (data costs money). Saving fetches this language's list
// (<lang>/offline.json, made by lembar with each file's version), stores every
// file it names in one cache, and registers sw.js, which answers from that
// cache when the network does not. Later, when the phone is online, only the
// files whose version changed are fetched again. Without this script (or
// without service workers) the control stays hidden and pages work as ever.
(function () {
  "use strict";
  var root = document.documentElement, lang = root.lang;
  var fill = function (text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  };
  // Days as the site writes them ("6 Agustus 2025"): the month names are
  // the site's UI strings, on the note.
  var note = document.querySelector("[data-offline-note]");
  var months = ((note && note.getAttribute("data-months")) || "").split(",");
  var day = function (iso) {
    var d = new Date(iso);
    return months.length === 12 && !isNaN(d) ? d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear() : String(iso).slice(0, 10);
  };

  // A page the worker answered from the saved copy says so, with its day.
  if (note && root.hasAttribute("data-lembar-saved")) {
    note.textContent = fill(note.getAttribute("data-offline-note"), { date: day(root.getAttribute("data-lembar-saved")) });
    note.hidden = false;
  }

  var boxes = [].slice.call(document.querySelectorAll("[data-offline-list]"));
  if (!boxes.length || window.lembarPreview || !("serviceWorker" in navigator) || !window.caches || !window.fetch || !window.Promise) return;
  var first = boxes[0];
  var list = first.getAttribute("data-offline-list");
  var worker = first.getAttribute("data-offline-worker");
  var scope = first.getAttribute("data-offline-scope");
  var NAME = "lembar-offline " + scope + " " + lang, META = scope + "__lembar-offline-saved";
  var UPDATE_AFTER = 6 * 3600 * 1000, AT_ONCE = 3;
  var busy = false;

  var kb = function (bytes) { return Math.max(1, Math.round(bytes / 1024)) + " KB"; };
  function show(state, values) {
    boxes.forEach(function (box) {
      var saved = !!values.saved;
      box.querySelector("[data-offline-status]").textContent = fill(box.getAttribute("data-" + state), values);
      var save = box.querySelector("[data-offline-save]");
      save.textContent = box.getAttribute(saved ? "data-update-label" : "data-save-label");
      save.disabled = state === "saving";
      box.querySelector("[data-offline-remove]").hidden = !saved;
      box.hidden = false;
    });
  }
  function record() {
    return caches.has(NAME).then(function (has) {
      return has ? caches.open(NAME).then(function (c) { return c.match(META); }).then(function (r) { return r ? r.json() : null; }) : null;
    });
  }
  function shown(meta) { return { saved: meta && day(meta.saved), size: meta && kb(meta.bytes) }; }

  // Fetches the list, then each file whose version changed, a few at a time;
  // drops what the list no longer names; records what was saved when.
  function save(quiet) {
    if (busy) return Promise.resolve();
    busy = true;
    return Promise.all([fetch(list, { cache: "no-store" }), record()]).then(function (got) {
      if (!got[0].ok) throw new Error(list + ": " + got[0].status);
      return got[0].json().then(function (wanted) {
        var old = (got[1] && got[1].files) || {}, keep = {};
        wanted.files.forEach(function (f) { keep[f[0]] = f[1]; });
        var todo = wanted.files.filter(function (f) { return old[f[0]] !== f[1]; });
        var done = 0;
        return caches.open(NAME).then(function (cache) {
          var one = function (f) {
            return fetch(f[0], { cache: "no-cache", headers: { "x-lembar-offline": "save" } }).then(function (r) {
              if (!r.ok) throw new Error(f[0] + ": " + r.status);
              return cache.put(f[0], r);
            }).then(function () {
              done++;
              if (!quiet) show("saving", { done: done, total: todo.length, saved: got[1] && day(got[1].saved) });
            });
          };
          var queue = [];
          for (var i = 0; i < AT_ONCE; i++) {
            queue.push((function next(k) {
              return k < todo.length ? one(todo[k]).then(function () { return next(k + AT_ONCE); }) : null;
            })(i));
          }
          return Promise.all(queue).then(function () {
            return Promise.all(Object.keys(old).filter(function (k) { return !(k in keep); }).map(function (k) { return cache.delete(k); }));
          }).then(function () {
            var meta = { saved: new Date().toISOString(), bytes: wanted.bytes, files: keep, fetched: todo.map(function (f) { return f[0]; }) };
            return cache.put(META, new Response(JSON.stringify(meta), { headers: { "content-type": "application/json" } })).then(function () { return meta; });
          });
        });
      });
    }).then(function (meta) {
      busy = false;
      show("saved", shown(meta));
    }, function () {
      busy = false;
      return record().then(function (meta) { show(quiet && meta ? "saved" : "failed", shown(meta)); });
    });
  }

  function remove() {
    return caches.delete(NAME).then(function () {
      return caches.keys();
    }).then(function (names) {
      var left = names.some(function (n) { return n.indexOf("lembar-offline " + scope + " ") === 0; });
      return left ? null : navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.filter(function (r) { return new URL(r.scope).pathname === scope; }).map(function (r) { return r.unregister(); }));
      });
    }).then(function () { show("removed", {}); });
  }

  boxes.forEach(function (box) {
    box.querySelector("[data-offline-save]").addEventListener("click", function () {
      show("saving", { done: 0, total: "…" });
      navigator.serviceWorker.register(worker, { scope: scope }).then(function () { return save(false); },
        function () { return record().then(function (meta) { show("failed", shown(meta)); }); });
    });
    box.querySelector("[data-offline-remove]").addEventListener("click", remove);
  });

  record().then(function (meta) {
    show(meta ? "saved" : "idle", shown(meta));
    // Saved, online, and not checked for a while: fetch what changed.
    var stale = meta && Date.now() - Date.parse(meta.saved) > UPDATE_AFTER;
    if (stale && navigator.onLine !== false) save(true);
  });
  window.addEventListener("online", function () {
    record().then(function (meta) { if (meta) save(true); });
  });
})();
