// lembar's offline reader. Registered only when a reader presses "Save for
// offline" (offline.js, which also fills and updates the saved copies): it
// answers from a language's saved copy when the network does not. Each saved
// language is one cache, "lembar-offline <scope> <lang>", holding the files
// its list (<lang>/offline.json) names and a record of what was saved when
// (META). A page comes from the network while there is one, so a reader
// online always reads the latest; the saved copy is shown after a few
// seconds without an answer, marked so the page can say it is the saved one.
"use strict";
var SCOPE = new URL(self.registration.scope).pathname;
var PREFIX = "lembar-offline " + SCOPE + " ";
var META = SCOPE + "__lembar-offline-saved";
var PATIENCE = 6000;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

// The saved copies, each with its record of what was saved.
function saved() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; }).map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.match(META).then(function (r) { return r ? r.json() : null; }).then(function (meta) {
          return meta && { cache: cache, meta: meta };
        });
      });
    })).then(function (all) { return all.filter(Boolean); });
  });
}

// The saved copy that holds `path` and its response, if one does.
function find(path) {
  return saved().then(function (copies) {
    var holding = copies.filter(function (c) { return c.meta.files[path] !== undefined; });
    if (!holding.length) return null;
    return holding[0].cache.match(path, { ignoreSearch: true }).then(function (response) {
      return response && { response: response, meta: holding[0].meta };
    });
  });
}

// The saved page, marked with the day it was saved (offline.js shows a note).
function marked(found) {
  return found.response.text().then(function (text) {
    var at = text.indexOf("<html");
    if (at >= 0) text = text.slice(0, at + 5) + ' data-lembar-saved="' + found.meta.saved + '"' + text.slice(at + 5);
    return new Response(text, { headers: { "content-type": "text/html; charset=utf-8" } });
  });
}

// The network's answer, or a rejection after PATIENCE: weak signal must not
// keep a reader waiting for a page the phone has.
function patiently(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("no answer")); }, PATIENCE);
    fetch(request).then(function (r) { clearTimeout(timer); resolve(r); },
      function (e) { clearTimeout(timer); reject(e); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf(SCOPE) !== 0) return;
  // offline.js filling or updating the copy: from the network, never from the copy.
  if (request.headers.get("x-lembar-offline")) return;
  var path = url.pathname.replace(/index\.html$/, "");
  if (request.mode === "navigate") {
    event.respondWith(patiently(request).catch(function (error) {
      return find(path).then(function (found) {
        if (found) return marked(found);
        throw error;
      });
    }));
    return;
  }
  // Stylesheets, scripts, the search index: the saved file, which the list's
  // versions keep current; else the network.
  event.respondWith(find(path).then(function (found) {
    return found ? found.response : fetch(request);
  }));
});
