// Portico theme script. Everything here is progressive enhancement: every page reads and
// navigates fully without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "portico-theme";

  // Dark mode: follow the system unless the reader chose, and remember the choice.
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* storage may be blocked */ }
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var next = currentTheme() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        try { localStorage.setItem(KEY, next); } catch (e) { /* ignore */ }
      });
    }

    // On small screens the sidebar starts folded; on wide ones it is always shown.
    var menu = document.querySelector(".sidebar-toggle");
    if (menu && window.matchMedia("(max-width: 900px)").matches) menu.open = false;

    // Keep the current sidebar entry in view on long API sidebars.
    var active = document.querySelector(".sidebar .is-active");
    if (active && active.scrollIntoView) active.scrollIntoView({ block: "nearest" });

    // Code-sample tabs: without script every sample is shown with its label; with it, one
    // language at a time, and the reader's choice is kept across pages.
    var LANG_KEY = "portico-language";
    var preferred = null;
    try { preferred = localStorage.getItem(LANG_KEY); } catch (e) { /* ignore */ }
    var groups = document.querySelectorAll("[data-tabs]");
    function select(language, remember) {
      groups.forEach(function (group) {
        var samples = group.querySelectorAll(".code-sample[data-language]");
        var has = false;
        samples.forEach(function (s) { if (s.getAttribute("data-language") === language) has = true; });
        if (!has) return;
        samples.forEach(function (s) { s.hidden = s.getAttribute("data-language") !== language; });
        group.querySelectorAll("[role=tab]").forEach(function (tab) {
          var on = tab.getAttribute("data-language") === language;
          tab.setAttribute("aria-selected", on ? "true" : "false");
          tab.tabIndex = on ? 0 : -1;
        });
      });
      if (remember) { try { localStorage.setItem(LANG_KEY, language); } catch (e) { /* ignore */ } }
    }
    groups.forEach(function (group, g) {
      var samples = group.querySelectorAll(".code-sample[data-language]");
      if (samples.length < 2) return;
      var bar = document.createElement("div");
      bar.className = "tabs";
      bar.setAttribute("role", "tablist");
      samples.forEach(function (sample, i) {
        var language = sample.getAttribute("data-language");
        var tab = document.createElement("button");
        tab.type = "button";
        tab.className = "tabs__tab";
        tab.setAttribute("role", "tab");
        tab.setAttribute("data-language", language);
        tab.id = "tab-" + g + "-" + i;
        sample.setAttribute("role", "tabpanel");
        sample.setAttribute("aria-labelledby", tab.id);
        var label = sample.querySelector(".code-sample__label");
        tab.textContent = label ? label.textContent : language;
        if (label) label.hidden = true;
        tab.addEventListener("click", function () { select(language, true); });
        tab.addEventListener("keydown", function (event) {
          var tabs = Array.prototype.slice.call(bar.querySelectorAll("[role=tab]"));
          var at = tabs.indexOf(tab);
          var next = event.key === "ArrowRight" ? tabs[(at + 1) % tabs.length]
            : event.key === "ArrowLeft" ? tabs[(at - 1 + tabs.length) % tabs.length] : null;
          if (next) { event.preventDefault(); next.focus(); select(next.getAttribute("data-language"), true); }
        });
        bar.appendChild(tab);
      });
      group.insertBefore(bar, group.firstChild);
      group.classList.add("is-tabbed");
      select(samples[0].getAttribute("data-language"), false);
    });
    if (preferred) select(preferred, false);

    // Copy buttons on code blocks.
    if (navigator.clipboard) {
      document.querySelectorAll("pre.code").forEach(function (pre) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "copy-button";
        button.textContent = "Copy";
        button.addEventListener("click", function () {
          navigator.clipboard.writeText(pre.innerText).then(function () {
            button.textContent = "Copied";
            setTimeout(function () { button.textContent = "Copy"; }, 1500);
          });
        });
        pre.appendChild(button);
      });
    }
  });
})();
