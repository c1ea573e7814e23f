// Live reload for `portico serve`; the server adds this script to the pages it serves, never to
// a build. Messages are described in src/serve/messages.rs.
(function () {
  "use strict";
  var SCROLL_KEY = "portico-serve-scroll:" + location.pathname;
  var server = null;
  // The build this page comes from: a page that connects after a rebuild (or reconnects after
  // missing one) learns from `hello` that it is out of date.
  var script = document.currentScript;
  var generation = script ? Number(script.getAttribute("data-generation")) : NaN;

  // Put the reader back where they were before the reload.
  try {
    var saved = sessionStorage.getItem(SCROLL_KEY);
    if (saved) {
      sessionStorage.removeItem(SCROLL_KEY);
      var pos = JSON.parse(saved);
      var restore = function () { window.scrollTo(pos.x, pos.y); };
      if (document.readyState === "complete") restore();
      else window.addEventListener("load", restore);
      restore();
    }
  } catch (e) { /* storage may be disabled */ }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* no storage: the browser's own restoration still applies */ }
    location.reload();
  }

  function samePath(a) {
    var here = decodeURI(location.pathname);
    return a === here || a + "index.html" === here || a === here + "/";
  }

  function swapStylesheets(paths, generation) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || paths.indexOf(url.pathname) < 0) return;
      // Replaced again before it loaded: the original's new copy supersedes it.
      if (link.hasAttribute("data-portico-pending")) { link.remove(); return; }
      url.searchParams.set("portico", String(generation));
      // Swap once the new sheet has loaded, so the page never shows unstyled.
      var next = link.cloneNode();
      next.href = url.pathname + url.search;
      next.setAttribute("data-portico-pending", "");
      next.addEventListener("load", function () {
        next.removeAttribute("data-portico-pending");
        link.remove();
      });
      next.addEventListener("error", function () { next.remove(); });
      link.after(next);
    });
  }

  var overlay = null;

  function hideProblems() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  // Built from text nodes only: messages quote spec text, which must never become markup.
  function showProblems(problems) {
    hideProblems();
    overlay = document.createElement("div");
    overlay.id = "portico-serve-problems";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build problems");
    var s = overlay.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20, 20, 24, 0.92)"; s.color = "#f5f5f5"; s.padding = "2rem";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

    var title = document.createElement("h2");
    title.textContent = "The site could not be rebuilt. Showing the last good version; fix the file and it updates.";
    title.style.font = "bold 16px/1.4 system-ui, sans-serif";
    title.style.margin = "0 0 1rem";
    overlay.appendChild(title);

    problems.forEach(function (p) {
      var box = document.createElement("div");
      box.className = "portico-serve-problem";
      box.style.margin = "0 0 1.25rem";
      var head = document.createElement("div");
      var where = p.file + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "");
      head.textContent = p.severity + ": " + where;
      head.style.color = p.severity === "error" ? "#ff8080" : "#ffd479";
      head.style.fontWeight = "bold";
      box.appendChild(head);
      var msg = document.createElement("div");
      msg.textContent = p.message;
      box.appendChild(msg);
      if (p.source) {
        var pre = document.createElement("pre");
        pre.style.margin = "0.25rem 0"; pre.style.color = "#bbb"; pre.style.whiteSpace = "pre-wrap";
        var gutter = p.line + " | ";
        var caret = p.source_column ? "\n" + " ".repeat(gutter.length + p.source_column - 1) + "^" : "";
        pre.textContent = gutter + p.source + caret;
        box.appendChild(pre);
      }
      if (p.hint) {
        var hint = document.createElement("div");
        hint.textContent = "hint: " + p.hint;
        hint.style.color = "#9fd3ff";
        box.appendChild(hint);
      }
      overlay.appendChild(box);
    });

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hideProblems);
    overlay.appendChild(close);
    (document.body || document.documentElement).appendChild(overlay);
  }

  var source = new EventSource("/__portico/events");
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    // A new server process (restarted `portico serve`): the page may be stale.
    if (server !== null && server !== data.server) reload();
    else if (generation > 0 && data.generation !== generation) reload();
    server = data.server;
  });
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    generation = data.generation;
    if (data.paths === null || data.paths.some(samePath)) reload();
  });
  source.addEventListener("css", function (e) {
    var data = JSON.parse(e.data);
    generation = data.generation;
    swapStylesheets(data.paths, data.generation);
  });
  source.addEventListener("problems", function (e) {
    showProblems(JSON.parse(e.data).problems);
  });
  source.addEventListener("ok", hideProblems);
})();
