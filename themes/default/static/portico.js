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
