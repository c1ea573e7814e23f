// Portico search. Progressive enhancement: without this script the header's search form still
// leads to the search page, which says what to do instead.
//
// The index (written by src/search/) is a chunk table (search/index.json), term chunks
// (search/<build>/t<i>.json) and record files (search/<build>/r<i>.json). A query fetches the
// chunk of each of its terms and the record files of the results it shows, nothing else.
//
// The tokeniser below must follow src/search/tokenize.rs rule for rule; a test runs both on the
// same strings.
(function () {
  "use strict";

  // ---------------------------------------------------------------- tokeniser
  var STOP_WORDS = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in",
    "is", "it", "of", "on", "or", "the", "this", "that", "to", "with"]);
  var MAX_TERM_CHARS = 40;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  var UPPER = /\p{Uppercase}/u;
  var LOWER = /\p{Lowercase}/u;
  var NUMERIC = /\p{N}/u;
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff]/g;

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x1100 && n <= 0x11ff) || (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3130 && n <= 0x318f) ||
      (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xac00 && n <= 0xd7af) ||
      (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2ffff);
  }

  function fold(text) {
    var out = [];
    for (var c of text) {
      var n = c.codePointAt(0);
      if (n < 0x2000 && n > 0x7f) {
        for (var d of c.normalize("NFD").replace(MARKS, "")) out.push(d);
      } else {
        out.push(c);
      }
    }
    return out;
  }

  function words(chars) {
    var out = [], current = [], currentCjk = false;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i], cjk = isCjk(c), wordChar = cjk || WORD_CHAR.test(c);
      if ((!wordChar || (cjk !== currentCjk && current.length)) && current.length) {
        out.push({ cjk: currentCjk, chars: current });
        current = [];
      }
      if (wordChar) { currentCjk = cjk; current.push(c); }
    }
    if (current.length) out.push({ cjk: currentCjk, chars: current });
    return out;
  }

  function camelParts(chars) {
    var parts = [], start = 0;
    for (var i = 1; i < chars.length; i++) {
      var prev = chars[i - 1], cur = chars[i];
      var nextLower = i + 1 < chars.length && LOWER.test(chars[i + 1]);
      if (UPPER.test(cur) && (LOWER.test(prev) || NUMERIC.test(prev) || (UPPER.test(prev) && nextLower))) {
        parts.push(chars.slice(start, i));
        start = i;
      }
    }
    parts.push(chars.slice(start));
    return parts;
  }

  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "y";
    if (word.endsWith("sses")) return word.slice(0, -2);
    if (word.endsWith("s") && !(word.endsWith("ss") || word.endsWith("us") || word.endsWith("is"))) {
      return word.slice(0, -1);
    }
    return word;
  }

  function pushTerm(chars, out) {
    if (chars.length < 2 || chars.length > MAX_TERM_CHARS) return;
    var lower = chars.map(function (c) { return c.toLowerCase(); }).join("");
    if (STOP_WORDS.has(lower)) return;
    out.push(stem(lower));
  }

  function cjkTerms(chars, out) {
    if (chars.length === 1) { out.push(chars[0]); return; }
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }

  function terms(text, forIndex) {
    var out = [];
    words(fold(text)).forEach(function (word) {
      if (word.cjk) { cjkTerms(word.chars, out); return; }
      var parts = camelParts(word.chars);
      if (forIndex && parts.length > 1) pushTerm(word.chars, out);
      parts.forEach(function (part) { pushTerm(part, out); });
    });
    return out;
  }
  function queryTerms(text) {
    return terms(text, false).filter(function (t, i, all) { return all.indexOf(t) === i; });
  }
  // camelCase words of a query, whole: the index keeps them too, so typing an identifier
  // exactly finds it first.
  function identifierTerms(text) {
    var out = [];
    words(fold(text)).forEach(function (word) {
      if (!word.cjk && camelParts(word.chars).length > 1) pushTerm(word.chars, out);
    });
    return out;
  }
  function indexTerms(text) { return terms(text, true); }

  // A query that looks like a route (`GET /customers/{id}`, `/customers`) also looks up the
  // operations' route terms (src/search/records.rs: route_terms).
  var ROUTE = /^\s*(?:(get|put|post|delete|patch|head|options|trace)\s+)?(\/\S*)\s*$/i;
  function routeTerm(query) {
    var m = ROUTE.exec(query);
    if (!m) return null;
    var path = m[2].toLowerCase().replace(/\{[^}]*\}?/g, "{}").replace(/\/+$/, "");
    return m[1] ? "/" + m[1].toLowerCase() + path : path || "/";
  }

  // ---------------------------------------------------------------- engine
  // At most this many chunks are read to complete the word being typed: a two-letter prefix
  // would otherwise pull in a tenth of the index.
  var PREFIX_CHUNKS = 2;
  var TYPO_MIN_CHARS = 5;

  // `load(path)` returns a promise of parsed JSON for a path relative to the site root.
  function Engine(load) {
    this.load = load;
    this.files = new Map();
    this.meta = null;
  }

  Engine.prototype.file = function (path) {
    var pending = this.files.get(path);
    if (!pending) {
      pending = this.load(path);
      this.files.set(path, pending);
      var files = this.files;
      pending.catch(function () { files.delete(path); });
    }
    return pending;
  };

  Engine.prototype.ready = function () {
    if (!this.meta) this.meta = this.file("search/index.json");
    return this.meta;
  };

  // Index of the chunk whose range holds `term`: the last chunk starting at or before it.
  function chunkFor(meta, term) {
    var lo = 0, hi = meta.terms.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (meta.terms[mid] <= term) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function chunksFor(meta, term, prefix) {
    var first = chunkFor(meta, term), out = [first];
    if (prefix) {
      for (var i = first + 1; i < meta.terms.length && out.length < PREFIX_CHUNKS; i++) {
        if (!meta.terms[i].startsWith(term)) break;
        out.push(i);
      }
    }
    return out;
  }

  // Damerau–Levenshtein distance of at most one (one insertion, deletion, substitution or swap).
  function withinOneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // Postings come as [record, score, gap, score, ...]; decoded once per term.
  function decode(list) {
    var records = [], scores = [], at = 0;
    for (var i = 0; i < list.length; i += 2) {
      at += list[i];
      records.push(at);
      scores.push(list[i + 1]);
    }
    return { records: records, scores: scores };
  }

  // Finds the records that match `query`. `prefix`: the last word may still be being typed.
  // Resolves to { terms, hits: [{ id, score, matched }] }, best first.
  Engine.prototype.search = function (query, prefix) {
    var engine = this, words = queryTerms(query), route = routeTerm(query);
    if (!words.length) return Promise.resolve({ terms: [], hits: [] });
    return this.ready().then(function (meta) {
      function chunks(term, prefix) {
        return Promise.all(chunksFor(meta, term, prefix).map(function (c) {
          return engine.file("search/" + meta.build + "/t" + c + ".json");
        }));
      }
      function lookup(term, completing) {
        return chunks(term, completing || term.length >= 3).then(function (loaded) {
          return matchTerm(term, loaded, completing);
        });
      }
      // A whole term (identifier, title, route) matches only itself; while a route is being
      // typed, the routes it begins stand in when it has no match yet.
      function lookupWhole(term, beginning) {
        return chunks(term, !!beginning).then(function (loaded) {
          var exact = termsIn(loaded, function (t) { return t === term; }, function () { return 1; });
          if (exact.length || !beginning) return exact;
          return termsIn(loaded, function (t) { return t.startsWith(beginning); },
            function (t) { return prefixFactor(term, t, false); });
        });
      }
      var lookups = words.map(function (term, i) { return lookup(term, prefix && i === words.length - 1); });
      identifierTerms(query).forEach(function (whole) { lookups.push(lookupWhole(whole)); });
      // The whole query as a title, in any word order (src/search/records.rs: title_term).
      // A route names its operation better than a title that happens to read the same.
      if (route) lookups.push(lookupWhole(route, prefix && route + "/"));
      else lookups.push(lookupWhole("=" + words.slice().sort().join(" ")));
      return Promise.all(lookups).then(function (perTerm) {
        return { terms: words, hits: rank(meta, perTerm, words.length) };
      });
    });
  };

  // The terms of loaded chunks that `accept` takes, each with the factor `factor` gives it.
  function termsIn(chunks, accept, factor) {
    var matches = [];
    chunks.forEach(function (chunk) {
      for (var t in chunk) {
        if (accept(t)) matches.push({ term: t, factor: factor(t), list: chunk[t] });
      }
    });
    return matches;
  }

  // What a longer word `t` that begins with the query word `term` is worth: less than the word
  // itself unless the reader is still typing it, and less the more letters it adds.
  function prefixFactor(term, t, completing) {
    return (completing ? 0.55 : 0.35) + 0.35 * term.length / t.length;
  }

  // Every indexed term a query word stands for, with how much a match counts: the word itself,
  // longer words it begins, or (for longer words with no match) words one typo away.
  function matchTerm(term, chunks, completing) {
    // Longer words are always candidates (`verify` finds `verifying`).
    var matches = termsIn(chunks, function (t) { return t.startsWith(term); }, function (t) {
      return t === term ? 1 : prefixFactor(term, t, completing);
    });
    if (!matches.length && term.length >= TYPO_MIN_CHARS) {
      matches = termsIn(chunks, function (t) {
        return t.length >= TYPO_MIN_CHARS - 1 && withinOneEdit(term, t);
      }, function () { return 0.6; });
    }
    return matches;
  }

  // Scores: bits 0-6 are the record's BM25F score for the term, bit 7 says the term is in its
  // title or identifier.
  function rank(meta, perTerm, wordCount) {
    var n = meta.records, hits = new Map();
    perTerm.forEach(function (matches) {
      var best = new Map();
      matches.forEach(function (m) {
        if (!m.decoded) m.decoded = decode(m.list);
        for (var i = 0; i < m.decoded.records.length; i++) {
          var id = m.decoded.records[i], stored = m.decoded.scores[i];
          var s = (stored & 127) * m.factor, previous = best.get(id);
          if (!previous || previous.s < s) best.set(id, { s: s, title: stored >= 128 });
        }
      });
      // Rarity is the query word's, over every term it stands for: otherwise a rare completion
      // (`repo` → `report`) would outrank the common word the reader typed.
      var df = best.size, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      best.forEach(function (b, id) {
        b.s *= idf;
        var hit = hits.get(id);
        if (!hit) { hit = { id: id, score: 0, matched: 0, inTitle: 0 }; hits.set(id, hit); }
        hit.score += b.s;
        hit.matched += 1;
        if (b.title) hit.inTitle += 1;
      });
    });
    var list = Array.from(hits.values());
    // A result whose title holds every word of the query is what the reader named.
    list.forEach(function (h) { h.score *= 1 + Math.min(h.inTitle, wordCount) / wordCount; });
    // Records that match more of the query come first, then by score, then in site order.
    list.sort(function (a, b) { return b.matched - a.matched || b.score - a.score || a.id - b.id; });
    return list;
  }

  // The stored records of `hits`: [kind, title, url, api, method, subtitle, excerpt].
  Engine.prototype.records = function (hits) {
    var engine = this;
    return this.ready().then(function (meta) {
      return Promise.all(hits.map(function (hit) {
        var file = Math.floor(hit.id / meta.perFile);
        return engine.file("search/" + meta.build + "/r" + file + ".json").then(function (rows) {
          var r = rows[hit.id % meta.perFile];
          return {
            id: hit.id, score: hit.score, kind: r[0], title: r[1], url: r[2],
            api: r[3] >= 0 ? meta.apis[r[3]] : "", method: r[4], subtitle: r[5], excerpt: r[6]
          };
        });
      }));
    });
  };

  var api = { queryTerms: queryTerms, indexTerms: indexTerms, Engine: Engine };
  if (typeof module === "object" && module.exports) { module.exports = api; return; }
  if (typeof document === "undefined") return;

  // ---------------------------------------------------------------- user interface
  var KIND_LABELS = { guide: "Guide", section: "Guide", operation: "Operation", webhook: "Webhook",
    schema: "Schema", tag: "Tag", api: "API" };
  var DROPDOWN_RESULTS = 8;
  var PAGE_RESULTS = 50;

  var root = document.documentElement.getAttribute("data-root") || "";
  var engine = new Engine(function (path) {
    return fetch(root + path).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  });

  function href(url) { return root + url || "./"; }

  // Text with the words that match the query marked, as DOM nodes (never parsed as HTML).
  function highlighted(text, words) {
    var fragment = document.createDocumentFragment();
    var pattern = /[\p{Alphabetic}\p{N}]+/gu, last = 0, m;
    while ((m = pattern.exec(text))) {
      var parts = queryTerms(m[0]), hit = false;
      if (!parts.length && m[0].length === 1) parts = [m[0].toLowerCase()];
      hit = parts.some(function (p) {
        return words.some(function (w) { return p.startsWith(w) || (w.length > 1 && p.indexOf(w) >= 0 && isCjk(w[0])); });
      });
      if (!hit) continue;
      if (m.index > last) fragment.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      fragment.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function resultNode(result, words, id) {
    var link = el("a", "search-result");
    link.href = href(result.url);
    link.id = id;
    link.setAttribute("role", "option");
    link.setAttribute("data-kind", result.kind);
    var head = el("span", "search-result__head");
    head.appendChild(el("span", "search-result__kind", KIND_LABELS[result.kind] || result.kind));
    if (result.method) {
      head.appendChild(el("span", "method method--" + result.method.toLowerCase(), result.method));
    }
    var title = el("span", "search-result__title");
    title.appendChild(highlighted(result.title, words));
    head.appendChild(title);
    link.appendChild(head);
    var context = el("span", "search-result__context");
    if (result.subtitle) {
      var sub = el(result.method ? "code" : "span", "search-result__subtitle");
      sub.appendChild(highlighted(result.subtitle, words));
      context.appendChild(sub);
    }
    if (result.api) context.appendChild(el("span", "search-result__api", result.api));
    if (context.childNodes.length) link.appendChild(context);
    if (result.excerpt) {
      var excerpt = el("span", "search-result__excerpt");
      excerpt.appendChild(highlighted(result.excerpt, words));
      link.appendChild(excerpt);
    }
    return link;
  }

  function announce(query, count, source) {
    document.dispatchEvent(new CustomEvent("portico:search", { detail: { query: query, count: count, source: source } }));
  }

  // Runs `query` and hands the records of the first `limit()` hits to `show`, dropping answers
  // to queries the reader has already typed past. Returns a promise that settles once the
  // answer is shown (or dropped).
  function searcher(limit, show) {
    var latest = 0;
    return function (query, prefix) {
      var ticket = ++latest;
      return engine.search(query, prefix).then(function (found) {
        // The reader typed on: this query's records would be fetched for nothing.
        if (ticket !== latest) return;
        return engine.records(found.hits.slice(0, limit())).then(function (records) {
          if (ticket === latest) show(query, found.terms, records, found.hits.length);
        });
      }).catch(function (error) {
        if (ticket === latest) show(query, [], null, 0, error);
      });
    };
  }

  function resultsText(shown, total, query) {
    if (!total) return "No results for “" + query + "”.";
    var noun = total === 1 ? " result" : " results";
    return (total > shown ? "The first " + shown + " of " + total : total) + noun + " for “" + query + "”";
  }

  function setupHeader(form) {
    var input = form.querySelector("input[type=search]");
    if (!input) return;
    var panel = el("div", "search-panel");
    panel.id = "search-results";
    panel.setAttribute("role", "listbox");
    panel.setAttribute("aria-label", "Search results");
    panel.hidden = true;
    form.appendChild(panel);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", panel.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-autocomplete", "list");
    var active = -1;
    var shown = null; // the query whose results the panel holds
    var pending = Promise.resolve();

    function options() { return panel.querySelectorAll("[role=option]"); }
    function setActive(i) {
      var all = options();
      all.forEach(function (o) { o.setAttribute("aria-selected", "false"); });
      if (!all.length || i < 0) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = (i + all.length) % all.length;
      all[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[active].id);
      if (all[active].scrollIntoView) all[active].scrollIntoView({ block: "nearest" });
    }
    function open(on) {
      panel.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) setActive(-1);
    }
    function go(link) {
      open(false);
      input.blur();
      window.location.href = link.href;
    }

    var run = searcher(function () { return DROPDOWN_RESULTS; }, function (query, words, records, total, error) {
      if (input.value !== query) return;
      shown = query;
      panel.textContent = "";
      if (error) {
        panel.appendChild(el("p", "search-panel__empty", "Search is unavailable: the index could not be loaded."));
      } else if (!records.length) {
        panel.appendChild(el("p", "search-panel__empty", "No results for “" + query + "”."));
      } else {
        records.forEach(function (r, i) { panel.appendChild(resultNode(r, words, "search-result-" + i)); });
        if (total > records.length) {
          var more = el("a", "search-panel__more", "All " + total + " results for “" + query + "”");
          more.href = root + "search/?q=" + encodeURIComponent(query);
          more.id = "search-result-more";
          more.setAttribute("role", "option");
          panel.appendChild(more);
        }
      }
      open(true);
      setActive(0);
      announce(query, error ? 0 : records.length, "header");
    });

    input.addEventListener("input", function () {
      var query = input.value;
      if (queryTerms(query).length === 0) { panel.textContent = ""; shown = null; open(false); return; }
      pending = run(query, !/\s$/.test(query));
    });
    input.addEventListener("focus", function () {
      engine.ready().catch(function () { /* reported when a query runs */ });
      if (panel.childNodes.length && input.value) { open(true); setActive(0); }
    });
    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!panel.childNodes.length) return;
        event.preventDefault();
        if (panel.hidden) { open(true); setActive(0); return; }
        setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (!input.value.trim()) return;
        event.preventDefault();
        // Open what the reader sees for what they typed: if the answer to the latest text is
        // still on its way, wait for it rather than open a result of an older query.
        var query = input.value;
        pending.then(function () {
          var all = options();
          if (shown === query && all.length) go(all[Math.max(active, 0)]);
          else window.location.href = root + "search/?q=" + encodeURIComponent(query);
        });
      } else if (event.key === "Escape") {
        if (!panel.hidden) { open(false); } else { input.value = ""; shown = null; panel.textContent = ""; input.blur(); }
        event.preventDefault();
      }
    });
    panel.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a");
      if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
        event.preventDefault();
        go(link);
      }
    });
    // Leaving the box (Tab, a click elsewhere, an anchor on this page) closes the list.
    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) open(false);
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) open(false);
    });
    window.addEventListener("hashchange", function () { open(false); });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if ((event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        input.focus();
        input.select();
      } else if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    form.classList.add("is-enhanced");
  }

  function setupPage(page) {
    var form = page.querySelector("form");
    var input = page.querySelector("input[type=search]");
    var list = page.querySelector(".search-page__results");
    var status = page.querySelector(".search-page__status");
    var moreButton = page.querySelector(".search-page__more");
    if (!form || !input || !list) return;
    page.hidden = false;
    var limit = PAGE_RESULTS;
    var run = searcher(function () { return limit; }, function (query, words, records, total, error) {
      if (input.value !== query) return;
      list.textContent = "";
      if (error) {
        status.textContent = "Search is unavailable: the index could not be loaded.";
      } else {
        status.textContent = resultsText(records.length, total, query);
        records.forEach(function (r, i) {
          var item = el("li");
          item.appendChild(resultNode(r, words, "search-page-result-" + i));
          list.appendChild(item);
        });
      }
      if (moreButton) moreButton.hidden = error || total <= records.length;
      announce(query, error ? 0 : records.length, "page");
    });
    function update(push) {
      var query = input.value;
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      if (push) history.replaceState(null, "", url);
      if (!queryTerms(query).length) {
        list.textContent = "";
        status.textContent = "";
        if (moreButton) moreButton.hidden = true;
        return;
      }
      run(query, false);
    }
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    input.addEventListener("input", function () { limit = PAGE_RESULTS; update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
    if (moreButton) moreButton.addEventListener("click", function () { limit += PAGE_RESULTS; update(false); });
    update(false);
  }

  function start() {
    document.querySelectorAll("form.site-search").forEach(setupHeader);
    var page = document.querySelector(".search-page");
    if (page) setupPage(page);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
