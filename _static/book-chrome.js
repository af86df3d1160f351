/* Book chrome fixes (loaded on every page by Jupyter Book; see _ext/theme_fixes.py).

   1. Sidebar toggles. pydata-sphinx-theme 0.17 (and sphinx-book-theme's desktop fix) bind only
      the FIRST .primary-toggle / .secondary-toggle in the page, a hidden header copy, so the
      visible buttons did nothing (upstream: pydata/pydata-sphinx-theme#2451, still so in 0.24.0).
      A click on any other copy is handed to the bound one: the theme's own behaviour (a modal
      panel below 992 px, a collapsing sidebar above), with its Escape and focus handling.
   2. Colour mode: the button goes straight to the other visible mode (light <-> dark); the
      theme's first click went light -> "auto", which changes nothing on a light system.
   3. "Back to top" is hidden while it would cover quiz feedback, or while a quiz has focus.
   4. Glossary terms and citations: a preview (role=tooltip) on hover and keyboard focus.
   5. Search result snippets: cut from prose, not from code, quizzes or header buttons.
   No network: everything used is on the page. */
(function () {
  "use strict";

  /* 1. Sidebar toggles ------------------------------------------------------------------ */
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      ["primary-toggle", "secondary-toggle"].forEach(function (cls) {
        var button = target.closest("." + cls);
        var bound = document.querySelector("." + cls);
        if (!button || !bound || button === bound) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        bound.click();
      });
    },
    true,
  );

  /* 2. Colour mode: two states -------------------------------------------------------- */
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target instanceof Element ? event.target : null;
      if (!target || !target.closest(".theme-switch-button")) return;
      // The theme cycles localStorage "mode" through [auto, dark, light] (light system) or
      // [auto, light, dark] (dark system). Set the mode that precedes the one we want, so the
      // theme's own click handler (which runs next) lands on the other visible theme.
      var systemDark = window.matchMedia("(prefers-color-scheme: dark)").matches;
      var shown = document.documentElement.dataset.theme === "dark" ? "dark" : "light";
      var want = shown === "dark" ? "light" : "dark";
      var cycle = systemDark ? ["auto", "light", "dark"] : ["auto", "dark", "light"];
      var before = cycle[(cycle.indexOf(want) + cycle.length - 1) % cycle.length];
      try {
        localStorage.setItem("mode", before);
      } catch (e) {
        /* storage blocked: the theme then starts from its default mode */
      }
    },
    true,
  );

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  /* 3. Back to top vs quiz feedback ----------------------------------------------------- */
  function overlaps(a, b) {
    return a.width > 0 && a.height > 0 && b.width > 0 && b.height > 0 &&
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function setupBackToTop() {
    var btn = document.getElementById("pst-back-to-top");
    if (!btn || !document.querySelector(".nhsq")) return;
    var pending = false;
    function check() {
      pending = false;
      var box = btn.getBoundingClientRect();
      var covered = Array.prototype.some.call(
        document.querySelectorAll(".nhsq-feedback:not(:empty), .nhsq-footer"),
        function (el) { return overlaps(box, el.getBoundingClientRect()); },
      );
      btn.classList.toggle("nhs-covers-quiz", covered);
    }
    function schedule() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(check);
      }
    }
    // After the theme's own scroll handler has shown or hidden the button.
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    document.addEventListener("submit", schedule);
    document.addEventListener("click", schedule);
    document.addEventListener("focusin", schedule);
  }

  /* 4. Previews of glossary terms and citations ----------------------------------------- */
  var TIP_ID = "nhs-tip";

  function termTips() {
    var data = document.getElementById("nhs-term-tips");
    if (!data) return {};
    try {
      return JSON.parse(data.textContent);
    } catch (e) {
      return {};
    }
  }

  function citationText(id) {
    var note = id && document.getElementById(id);
    if (!note) return "";
    var copy = note.cloneNode(true);
    copy.querySelectorAll(".label, .backrefs, .fn-bracket").forEach(function (el) { el.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function setupTips() {
    var terms = termTips();
    var links = [];
    document.querySelectorAll(".bd-article a[href*='#']").forEach(function (a) {
      var hash = decodeURIComponent(a.hash.slice(1));
      var text = "";
      if (hash.indexOf("term-") === 0 && a.classList.contains("reference")) {
        text = terms[hash] || "";
      } else if (a.classList.contains("footnote-reference") || a.getAttribute("role") === "doc-noteref") {
        text = citationText(hash);
      } else if (a.classList.contains("citation-reference") || a.closest(".cite")) {
        text = citationText(hash);
      }
      if (text) {
        a.dataset.nhsTip = text;
        links.push(a);
      }
    });
    if (!links.length) return;

    var tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "nhs-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    var current = null;
    var hideTimer = null;

    function place(a) {
      var r = a.getBoundingClientRect();
      var width = Math.min(420, document.documentElement.clientWidth - 16);
      tip.style.maxWidth = width + "px";
      var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
      tip.style.left = left + "px";
      tip.style.top = "0px";
      var h = tip.offsetHeight;
      var below = r.bottom + 6;
      var top = below + h > window.innerHeight - 8 && r.top - 6 - h > 8 ? r.top - 6 - h : below;
      tip.style.top = top + "px";
    }

    function show(a) {
      window.clearTimeout(hideTimer);
      if (current && current !== a) current.removeAttribute("aria-describedby");
      current = a;
      tip.textContent = a.dataset.nhsTip;
      tip.hidden = false;
      a.setAttribute("aria-describedby", TIP_ID);
      place(a);
    }

    function hide() {
      window.clearTimeout(hideTimer);
      tip.hidden = true;
      if (current) current.removeAttribute("aria-describedby");
      current = null;
    }

    function hideSoon() {
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(function () {
        if (current && (current.matches(":hover") || current === document.activeElement)) return;
        if (tip.matches(":hover")) return;
        hide();
      }, 250);
    }

    links.forEach(function (a) {
      a.addEventListener("mouseenter", function () { show(a); });
      a.addEventListener("focus", function () { show(a); });
      a.addEventListener("mouseleave", hideSoon);
      a.addEventListener("blur", hideSoon);
    });
    // The preview stays while the pointer is over it (so it can be read), and Escape closes it.
    tip.addEventListener("mouseleave", hideSoon);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !tip.hidden) hide();
    });
    window.addEventListener("scroll", function () { if (current) place(current); }, { passive: true });
    window.addEventListener("resize", function () { if (current) place(current); });
  }

  /* 5. Search snippets ------------------------------------------------------------------ */
  var NOT_PROSE = [
    ".bd-header-article", ".header-article-items", ".dropdown-buttons", ".cell_input",
    "details.hide", "[data-nhsq]", ".nhsq", ".prev-next-area", ".bd-footer-article",
    ".bd-sidebar-secondary", "#nhs-term-tips",
  ].join(",");

  function patchSearch() {
    if (typeof Search === "undefined" || !Search.htmlToText || Search.htmlToText._nhs) return;
    var original = Search.htmlToText;
    var patched = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(NOT_PROSE).forEach(function (el) { el.remove(); });
      return original(doc.documentElement.outerHTML, anchor);
    };
    patched._nhs = true;
    Search.htmlToText = patched;
  }

  patchSearch();
  ready(function () {
    patchSearch();
    setupBackToTop();
    setupTips();
  });
})();
