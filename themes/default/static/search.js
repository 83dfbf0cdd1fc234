// lembar search: finds this language's pages in window.lembarSearch, the index
// src/search.rs writes (its module doc has the format; the scores are BM25,
// computed there). Each query word is looked up as a word, as a stem once the
// language's affixes are stripped (melatih → latih), the last one also as the
// beginning of a word, and one of 5 letters or more within one typing mistake.
// The site's aliases add the phrases they stand for; stop words count only in
// a query of nothing else. Pages with every word come first, then by score.
// Nothing found: the closest words and the site's sections. Without this
// script the page's full list stays.
(function () {
  "use strict";
  var index = window.lembarSearch;
  var $ = function (id) { return document.getElementById(id); };
  var form = $("search-form"), input = $("search-q"), status = $("search-status");
  var list = $("search-results"), all = $("search-all"), more = $("search-more");
  var none = $("search-none"), hints = $("search-suggestions");
  var script = document.querySelector("script[data-search-index]");
  if (!index || index.v !== 3 || !form || !input || !status || !list || !script || !"".normalize || !window.Float64Array) return;
  var wordRe, markRe, partRe, cjkRe;
  try {
    // Words as search.rs makes them (`normalize`, `words`): NFD without marks
    // but kana voicing, recomposed; CJK runs as pairs of letters.
    var CJK = "\\u3040-\\u30FF\\u31F0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF66-\\uFF9F\\uAC00-\\uD7AF\\u1100-\\u11FF\\u3130-\\u318F";
    wordRe = new RegExp("[\\p{Alphabetic}\\p{N}]+", "gu");
    markRe = new RegExp("[^\\P{M}\\u3099\\u309A]", "gu");
    partRe = new RegExp("[" + CJK + "]+|[^" + CJK + "]+", "gu");
    cjkRe = new RegExp("^[" + CJK + "]", "u");
  } catch (e) {
    return;
  }
  var pairs = function (word) {
    var out = [];
    (word.match(partRe) || []).forEach(function (p) {
      if (!cjkRe.test(p) || p.length < 2) out.push(p);
      else for (var i = 0; i + 1 < p.length; i++) out.push(p.substr(i, 2));
    });
    return out;
  };
  var SHOWN = 20, docs = index.d, N = docs.length, base = script.src;
  var map = function () { return Object.create(null); };
  // Vocabulary: each group is "stem word word…:postings"; postings are unpacked
  // when first needed. A common group (`*`) matches every page.
  var words = [], wordGroup = [], byWord = map(), byStem = map(), packed = [], postings = [], common = [];
  index.g.forEach(function (g, i) {
    var end = g.search(/[:*]/), tokens = g.slice(0, end).split(" ");
    common.push(g.charAt(end) === "*");
    packed.push(g.slice(end + 1));
    byStem[tokens[0]] = i;
    for (var k = 1; k < tokens.length; k++) {
      words.push(tokens[k]);
      wordGroup.push(i);
      (byWord[tokens[k]] = byWord[tokens[k]] || []).push(i);
    }
  });
  var stop = map(), aliases = map(), longest = 1;
  index.x.forEach(function (w) { stop[w] = true; });
  Object.keys(index.a || {}).forEach(function (k) {
    aliases[k] = index.a[k];
    longest = Math.max(longest, k.split(" ").length);
  });
  var rules = function (l) { return l.map(function (r) { r = r.split(">"); return [r[0], r[1] || ""]; }); };
  var prefixes = rules(index.p), suffixes = rules(index.f);
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", VALUE = {};
  for (var k = 0; k < 64; k++) VALUE[DIGITS.charCodeAt(k)] = k;
  var LEVELS = index.w.length;

  // Group g's postings: {d: documents, l: levels}, typed arrays (arrays of
  // numbers made a slowed phone collect garbage mid-search); score W[level].
  var W = index.w;
  function unpack(g) {
    if (postings[g]) return postings[g];
    var s = packed[g], n = 0, next = 0, count = 0, i;
    for (i = 0; i < s.length; i++) if (VALUE[s.charCodeAt(i)] < 32) count++;
    var out = { d: new Int32Array(count), l: new Uint8Array(count) }, k = 0;
    for (i = 0; i < s.length; i++) {
      var digit = VALUE[s.charCodeAt(i)];
      n = n * 32 + (digit & 31);
      if (digit < 32) {
        next += (n / LEVELS) | 0;
        out.d[k] = next;
        out.l[k++] = n % LEVELS;
        next++;
        n = 0;
      }
    }
    return (postings[g] = out);
  }

  // A query's words, 32 at most: a pasted page would scan the vocabulary for
  // typos once a word.
  function terms(q) {
    var words = q.normalize("NFD").replace(markRe, "").normalize("NFC").toLowerCase().match(wordRe) || [];
    return [].concat.apply([], words.map(pairs)).slice(0, 32);
  }

  // What word w may be a form of: itself, less up to three suffixes, then less
  // up to two prefixes (a nasal one may stand for a lost first letter before a
  // vowel: "penipuan" → "tipuan"); at least three letters stay.
  function roots(w) {
    var found = [w];
    function strip(from, rules, end, rounds) {
      for (; rounds > 0 && from.length; rounds--) {
        var added = [];
        from.forEach(function (s) {
          rules.forEach(function (r) {
            var a = r[0], rest;
            if (s.length - a.length < 3) return;
            if (end && s.slice(-a.length) === a) rest = s.slice(0, -a.length) + r[1];
            else if (!end && s.lastIndexOf(a, 0) === 0 && (!r[1] || /^[aeiou]/.test(s.slice(a.length)))) rest = r[1] + s.slice(a.length);
            if (rest && found.indexOf(rest) < 0) { found.push(rest); added.push(rest); }
          });
        });
        from = added;
      }
    }
    strip([w], suffixes, true, 3);
    strip(found.slice(), prefixes, false, 2);
    return found;
  }

  // Whether a and b differ by one letter added, dropped, changed or two swapped.
  function oneEdit(a, b) {
    var la = a.length, lb = b.length, i = 0;
    if (a === b || Math.abs(la - lb) > 1) return false;
    while (i < la && a.charAt(i) === b.charAt(i)) i++;
    if (la < lb) return a.slice(i) === b.slice(i + 1);
    if (la > lb) return a.slice(i + 1) === b.slice(i);
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2));
  }

  // The documents query word t finds, with their scores: its word and stem
  // groups in full, the words it begins (prefix) at 0.6, words one mistake
  // away at 0.5 when nothing else matched. {s: score by document, d: the
  // documents with a score, floor: the score of every document (a common group)}.
  // Sparse, so a query costs its postings, not the site's size.
  var cache = map(), cached = 0;
  function termScores(t, prefix) {
    var key = t + (prefix ? "*" : ""), i, g;
    if (cache[key]) return cache[key];
    if (++cached > 16) { cache = map(); cached = 0; }
    var factor = map(), found = false;
    var add = function (g, f) { if (!(factor[g] >= f)) factor[g] = f; found = true; };
    roots(t).forEach(function (r, n) {
      (byWord[r] || []).forEach(function (g) { add(g, n ? 0.9 : 1); });
      if (r in byStem) add(byStem[r], n ? 0.9 : 1);
    });
    var exact = found;
    if (prefix) for (i = 0; i < words.length; i++) if (words[i].length > t.length && words[i].lastIndexOf(t, 0) === 0) add(wordGroup[i], 0.6);
    if (!exact && t.length >= 5) for (i = 0; i < words.length; i++) if (oneEdit(t, words[i])) add(wordGroup[i], 0.5);
    var r = { s: new Float64Array(N), d: [], floor: 0 };
    for (g in factor) {
      var f = factor[g], p = unpack(g);
      if (common[g]) r.floor = Math.max(r.floor, W[0] * f);
      for (i = 0; i < p.d.length; i++) {
        var doc = p.d[i], score = W[p.l[i]] * f;
        if (score > r.s[doc]) {
          if (!r.s[doc]) r.d.push(doc);
          r.s[doc] = score;
        }
      }
    }
    return (cache[key] = r);
  }

  // The query as concepts: an alias and what it stands for, or one word; each
  // a list of alternatives, each a list of words. Stop words are dropped
  // unless nothing else is left.
  function concepts(ts) {
    var out = [], i = 0, n, key;
    var content = function (ws) { var c = ws.filter(function (w) { return !stop[w]; }); return c.length ? c : ws; };
    while (i < ts.length) {
      for (n = Math.min(longest, ts.length - i); n > 0; n--) if ((key = ts.slice(i, i + n).join(" ")) in aliases) break;
      if (n > 0) {
        out.push({ alts: [content(ts.slice(i, i + n))].concat(aliases[key].map(function (p) { return content(p.split(" ")); })) });
        i += n;
      } else {
        out.push({ alts: [[ts[i]]], stop: stop[ts[i]] });
        i++;
      }
    }
    var kept = out.filter(function (c) { return !c.stop; });
    return kept.length ? kept : out;
  }

  // Per-document tables every search reuses, not garbage; `seen`: the stamp
  // of the last alternative that listed a document.
  var scratch = {
    total: new Float64Array(N), count: new Uint8Array(N), seen: new Uint32Array(N),
    best: new Float64Array(N), ok: new Uint8Array(N), stamp: 0,
  };

  // The documents found for q: those with every word (concept) first, then by
  // summed score. A concept scores a document by its best alternative; an
  // alternative by the sum of its words, and matches if every word does.
  function search(q) {
    var ts = terms(q), cs = concepts(ts), typing = !/\s$/.test(q), last = ts[ts.length - 1];
    var total = scratch.total.fill(0), count = scratch.count.fill(0), seen = scratch.seen;
    var base = 0, baseCount = 0, d, i, k;
    cs.forEach(function (c, ci) {
      var best = scratch.best.fill(0), ok = scratch.ok.fill(0), touched = [], floor = 0, all = false;
      c.alts.forEach(function (alt) {
        var rs = alt.map(function (t, j) {
          return termScores(t, typing && ci === cs.length - 1 && j === alt.length - 1 && t === last && c.alts[0] === alt);
        });
        var altFloor = 0, altAll = true, docs = [], stamp = ++scratch.stamp;
        rs.forEach(function (r) {
          altFloor += r.floor;
          if (!r.floor) altAll = false;
          for (k = 0; k < r.d.length; k++) if (seen[r.d[k]] !== stamp) { seen[r.d[k]] = stamp; docs.push(r.d[k]); }
        });
        if (altFloor > floor) floor = altFloor;
        if (altAll) all = true;
        for (k = 0; k < docs.length; k++) {
          var sum = 0, every = 1;
          d = docs[k];
          for (i = 0; i < rs.length; i++) {
            sum += Math.max(rs[i].s[d], rs[i].floor);
            if (!rs[i].s[d] && !rs[i].floor) every = 0;
          }
          if (!best[d] && !ok[d]) touched.push(d);
          if (sum > best[d]) best[d] = sum;
          if (every) ok[d] = 1;
        }
      });
      base += floor;
      if (all) baseCount++;
      for (k = 0; k < touched.length; k++) {
        d = touched[k];
        total[d] += Math.max(best[d], floor) - floor;
        if (ok[d] && !all) count[d]++;
      }
    });
    var found = [], key = new Float64Array(N);
    for (d = 0; d < N; d++) {
      key[d] = total[d] + base;
      if (key[d] > 0) found.push(d);
      if (count[d] + baseCount === cs.length) key[d] += 1e9;
    }
    return ranked(found, key);
  }

  // `found` in rank order (best key, then page order), sorted as far as it is
  // read: `upto(n)` sorts the first n, cut at the n-th best key (a common word
  // finds every page; the first screen needs SHOWN).
  function ranked(found, key) {
    var cmp = function (a, b) { return key[b] - key[a] || a - b; };
    var sorted = 0;
    found.upto = function (n) {
      if (n <= sorted) return;
      if ((n - sorted) * 4 >= found.length - sorted) {
        var rest = found.slice(sorted).sort(cmp);
        for (var i = 0; i < rest.length; i++) found[sorted + i] = rest[i];
        sorted = found.length;
        return;
      }
      // The keys of the unsorted part, ascending: the n-th best is the cut.
      var keys = new Float64Array(found.length - sorted), j;
      for (j = 0; j < keys.length; j++) keys[j] = key[found[sorted + j]];
      keys.sort();
      var cut = keys[keys.length - (n - sorted)], top = [], low = [];
      for (j = sorted; j < found.length; j++) (key[found[j]] >= cut ? top : low).push(found[j]);
      top.sort(cmp);
      for (j = 0; j < top.length; j++) found[sorted + j] = top[j];
      for (j = 0; j < low.length; j++) found[sorted + top.length + j] = low[j];
      sorted += top.length;
    };
    return found;
  }

  // Up to five words of the index closest to the query's words, for a query
  // that found nothing: fewest edits, then the most used.
  function closest(q) {
    var ts = terms(q).filter(function (t) { return !stop[t]; }), scored = [];
    ts.slice(0, 3).forEach(function (t) {
      var limit = t.length < 5 ? 1 : 2;
      words.forEach(function (w, i) {
        if (Math.abs(w.length - t.length) > limit) return;
        var e = edits(t, w);
        if (e <= limit && w.length > 2 && !stop[w]) scored.push([e, -packed[wordGroup[i]].length, w]);
      });
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); });
    var out = [];
    scored.forEach(function (s) { if (out.length < 5 && out.indexOf(s[2]) < 0) out.push(s[2]); });
    return out;
  }

  function edits(a, b) {
    var row = [], i, j;
    for (j = 0; j <= b.length; j++) row.push(j);
    for (i = 1; i <= a.length; i++) {
      var prev = row[0]; row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1));
        prev = row[j]; row[j] = next;
      }
    }
    return row[b.length];
  }

  function message(key, count, q) {
    // split/join, not replace: a query with `$&` must stay as typed.
    return (status.getAttribute("data-" + key) || "").split("{count}").join(count).split("{query}").join(q);
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  var found = ranked([], null), shown = 0;
  function showMore() {
    var items = document.createDocumentFragment();
    found.upto(shown + SHOWN);
    found.slice(shown, shown + SHOWN).forEach(function (id) {
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
    list.appendChild(items);
    shown = Math.min(found.length, shown + SHOWN);
    if (more) more.hidden = shown >= found.length;
  }

  function show(q) {
    var empty = !terms(q).length;
    found = empty ? ranked([], null) : search(q);
    shown = 0;
    list.textContent = "";
    showMore();
    list.hidden = !found.length;
    if (all) all.hidden = !empty;
    if (none) none.hidden = empty || found.length > 0;
    q = q.trim();
    if (empty) return (status.textContent = "");
    if (found.length) return (status.textContent = message(found.length === 1 ? "one" : "many", found.length, q));
    var near = closest(q), text = message("none", 0, q);
    if (hints) {
      hints.textContent = "";
      near.forEach(function (w) {
        var b = el("button", w);
        b.type = "button";
        b.addEventListener("click", function () { input.value = w; update(true); input.focus(); });
        hints.appendChild(el("li")).appendChild(b);
      });
      hints.parentNode.hidden = !near.length;
    }
    if (near.length) text += " " + message("suggest", 0, q).split("{words}").join(near.join(", "));
    status.textContent = text;
  }

  // The language switcher leads to the other language's search page: with the query.
  function carry(q) {
    var links = document.querySelectorAll("nav.switcher a[hreflang]");
    for (var i = 0; i < links.length; i++) {
      try {
        var url = new URL(links[i].href);
        if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
        links[i].href = url.href;
      } catch (e) { /* keep the link as it is */ }
    }
  }

  var timer;
  function update(now) {
    clearTimeout(timer);
    var run = function () {
      var q = input.value;
      show(q);
      // The address and the switcher after the results: the first
      // replaceState takes a cheap phone longer than the search.
      setTimeout(function () {
        carry(q);
        try {
          var url = new URL(location.href);
          if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
          history.replaceState(null, "", url.href);
        } catch (e) { /* file:// pages may refuse; the results still show */ }
      }, 0);
    };
    if (now === true) run(); else timer = setTimeout(run, 120);
  }

  // Each kind of search, run on the index's own words while the reader finds
  // the box: a slowed phone runs code the first time several times slower.
  function warm() {
    unpackAll(0);
    var w = words[0] || "a", a = Object.keys(aliases)[0] || w;
    [w, w.slice(0, 2), w + "q", w.slice(1) + " " + w, a + " " + w, "zzzzz"].forEach(function (q) {
      for (var i = 0; i < 3; i++) search(q);
    });
    closest(w + "q");
    cache = map();
    cached = 0;
  }

  // Every group's postings, unpacked a slice at a time while the page is idle:
  // no query pays for it (10–15 ms on a slowed phone at 5,000 pages).
  function unpackAll(from) {
    var end = Math.min(packed.length, from + 40);
    for (var g = from; g < end; g++) unpack(g);
    if (end < packed.length) setTimeout(function () { unpackAll(end); }, 0);
  }

  var nojs = $("search-nojs");
  if (nojs) nojs.hidden = true;
  if (more) more.addEventListener("click", showMore);
  input.value = new URLSearchParams(location.search).get("q") || "";
  input.addEventListener("input", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(true); });
  show(input.value);
  carry(input.value);
  setTimeout(warm, 0);
})();
