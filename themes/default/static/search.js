// lembar search: finds this language's pages in window.lembarSearch (the
// index src/search.rs writes) by words and word prefixes; every query word
// must match, ranked by summed weight. Without it the page's full list stays.
(function () {
  "use strict";
  var index = window.lembarSearch;
  var $ = function (id) { return document.getElementById(id); };
  var form = $("search-form"), input = $("search-q"), status = $("search-status");
  var list = $("search-results"), all = $("search-all"), script = document.querySelector("script[data-search-index]");
  if (!index || index.v !== 2 || !form || !input || !status || !list || !script || !"".normalize) return;
  var wordRe, markRe;
  try {
    // The same words as the Rust side: char::is_alphanumeric, after NFD without marks.
    wordRe = new RegExp("[\\p{Alphabetic}\\p{N}]+", "gu");
    markRe = new RegExp("\\p{M}", "gu");
  } catch (e) {
    return;
  }
  // Vocabulary: every word with its stem group; postings unpacked when first needed.
  // A common group (`*`, on most pages) matches every page and lists only the
  // pages with it in their title or description.
  var words = [], wordGroup = [], packed = [], postings = [], common = [];
  index.g.forEach(function (g, i) {
    var colon = g.search(/[:*]/);
    common.push(g.charAt(colon) === "*");
    packed.push(g.slice(colon + 1));
    g.slice(0, colon).split(" ").forEach(function (w) { words.push(w); wordGroup.push(i); });
  });
  var docs = index.d, base = script.src;
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", VALUE = {};
  for (var k = 0; k < 64; k++) VALUE[DIGITS.charCodeAt(k)] = k;

  // Group g's postings as [doc, weight, doc, weight, …] (format: src/search.rs).
  function unpack(g) {
    if (postings[g]) return postings[g];
    var s = packed[g], out = [], n = 0, doc = 0;
    for (var i = 0; i < s.length; i++) {
      var digit = VALUE[s.charCodeAt(i)];
      n = n * 32 + (digit & 31);
      if (digit < 32) {
        doc += Math.floor(n / 8);
        out.push(doc, index.w[n % 8]);
        n = 0;
      }
    }
    return (postings[g] = out);
  }

  function terms(q) {
    var found = q.normalize("NFD").replace(markRe, "").toLowerCase().match(wordRe) || [];
    return found.filter(function (t, i) { return found.indexOf(t) === i; });
  }

  // Scores of the documents with a word that starts with `t`; a whole word counts double.
  function termScores(t) {
    var bonus = {}, scores = new Array(docs.length).fill(0), i, g;
    for (i = 0; i < words.length; i++) {
      if (words[i].lastIndexOf(t, 0) === 0) {
        g = wordGroup[i];
        bonus[g] = Math.max(bonus[g] || 0, words[i].length === t.length ? 2 : 1);
      }
    }
    for (g in bonus) {
      if (common[g]) for (i = 0; i < docs.length; i++) scores[i] = Math.max(scores[i], 0.5);
      var p = unpack(g);
      for (i = 0; i < p.length; i += 2) scores[p[i]] += p[i + 1] * bonus[g];
    }
    return scores;
  }

  function search(ts) {
    var total = new Array(docs.length).fill(0), hit = new Array(docs.length).fill(true);
    ts.forEach(function (t) {
      var s = termScores(t);
      for (var d = 0; d < docs.length; d++) {
        if (s[d] === 0) hit[d] = false;
        total[d] += s[d];
      }
    });
    var found = [];
    for (var d = 0; d < docs.length; d++) if (hit[d]) found.push(d);
    return found.sort(function (a, b) { return total[b] - total[a] || a - b; });
  }

  function message(key, count, q) {
    // split/join, not replace: a query with `$&` must stay as typed.
    return status.getAttribute("data-" + key).split("{count}").join(count).split("{query}").join(q);
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function show(q) {
    var ts = terms(q);
    if (!ts.length) {
      list.hidden = true;
      if (all) all.hidden = false;
      status.textContent = "";
      return;
    }
    var found = search(ts), items = document.createDocumentFragment();
    found.forEach(function (id) {
      var d = docs[id], li = el("li"), a = el("a", d[1]);
      // URLs are relative to the language home, where the index is; "" is the home.
      a.href = new URL(d[0] || "./", base).href;
      li.appendChild(a);
      if (d[2]) li.appendChild(el("p", d[2]));
      if (d[3] >= 0 && index.s[d[3]]) {
        li.appendChild(el("p", status.getAttribute("data-section") + ": " + index.s[d[3]], "search-in"));
      }
      items.appendChild(li);
    });
    list.textContent = "";
    list.appendChild(items);
    list.hidden = !found.length;
    if (all) all.hidden = true;
    q = q.trim();
    status.textContent = found.length === 0 ? message("none", 0, q)
      : message(found.length === 1 ? "one" : "many", found.length, q);
  }

  var timer;
  function update() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      show(input.value);
      try {
        var url = new URL(location.href);
        if (input.value.trim()) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
        history.replaceState(null, "", url.href);
      } catch (e) { /* file:// pages may refuse; the results still show */ }
    }, 120);
  }

  var nojs = $("search-nojs");
  if (nojs) nojs.hidden = true;
  input.value = new URLSearchParams(location.search).get("q") || "";
  input.addEventListener("input", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  show(input.value);
})();
