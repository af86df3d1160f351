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
   6. Glossary synonyms in search: a name of several words ("Mid Staffs") is searched as one
      phrase, standing for all the names of its glossary entry ("Mid Staffordshire"); the page
      opened highlights those names as whole words (see _ext/theme_fixes.py).
   7. A page opened from a search result highlights the searched words (Sphinx's own highlighter
      never runs in this theme), scrolls to the first match and moves the keyboard focus to it,
      unless the reader has already scrolled, clicked or typed.
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

  /* 6. Glossary synonyms in search ------------------------------------------------------ */
  var NAMES_KEY = "nhs_highlight_names";
  var FROM_SEARCH_KEY = "nhs_from_search";
  var WORD = /[^\p{L}\p{N}_]+/u;

  function store(fn) {
    try {
      return fn(window.localStorage);
    } catch (e) {
      return null; /* storage blocked: no synonyms highlighted, no scrolling */
    }
  }

  function take(key) {
    return store(function (s) {
      var value = s.getItem(key);
      s.removeItem(key);
      return value;
    });
  }

  function words(text) {
    return text.toLowerCase().split(WORD).filter(Boolean);
  }

  function indexOfRun(list, run) {
    for (var i = 0; i + run.length <= list.length; i++) {
      var all = true;
      for (var j = 0; j < run.length && all; j++) all = list[i + j] === run[j];
      if (all) return i;
    }
    return -1;
  }

  function synonymGroups() {
    var data = document.getElementById("nhs-search-synonyms");
    if (!data) return [];
    try {
      return JSON.parse(data.textContent).groups || [];
    } catch (e) {
      return [];
    }
  }

  function patchQuery() {
    if (typeof Search === "undefined" || !Search._parseQuery || Search._parseQuery._nhs) return;
    if (typeof Stemmer === "undefined") return;
    var groups = synonymGroups();
    if (!groups.length) return;
    var stemmer = new Stemmer();
    var stem = function (w) { return stemmer.stemWord(w); };
    var original = Search._parseQuery;
    var patched = function (query) {
      var parsed = original(query);
      var searchTerms = parsed[1];
      var highlightTerms = parsed[3];
      var indexTerms = (Search._index && Search._index.terms) || {};
      var queryWords = words(query);
      var queryStems = queryWords.map(stem);
      var names = [];
      groups.forEach(function (group) {
        var found = false;
        group.names.forEach(function (name) {
          var nameStems = words(name).map(stem);
          var at = indexOfRun(queryStems, nameStems);
          if (at < 0) return;
          found = true;
          // The page highlights the group's names as whole words (below), not these words
          // anywhere ("ft" in "after").
          queryWords.slice(at, at + nameStems.length).forEach(function (w) { highlightTerms.delete(w); });
          if (nameStems.length > 1 && Object.prototype.hasOwnProperty.call(indexTerms, group.token)) {
            nameStems.forEach(function (s) { searchTerms.delete(s); });
            searchTerms.add(group.token);
          }
        });
        if (found) names = names.concat(group.names);
      });
      // Snippets in the results list: highlight the names (not the group's made-up word).
      names.forEach(function (n) { if (n.length > 3) highlightTerms.add(n.toLowerCase()); });
      store(function (s) {
        if (names.length) s.setItem(NAMES_KEY, JSON.stringify(names));
        else s.removeItem(NAMES_KEY);
        if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {
          // Words the opened page highlights wherever they occur (section 7); the names go
          // through NAMES_KEY, to be highlighted as whole words.
          var lower = names.map(function (n) { return n.toLowerCase(); });
          var single = Array.from(highlightTerms).filter(function (w) {
            return !/\s/.test(w) && lower.indexOf(w) < 0;
          });
          s.setItem("sphinx_highlight_terms", single.join(" "));
        }
      });
      return parsed;
    };
    patched._nhs = true;
    Search._parseQuery = patched;

    // The snippet under each result is cut around a searched word: around a name, not the
    // group's made-up word, which is in no page.
    var summary = Search.makeSearchSummary;
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      var wanted = [];
      keywords.forEach(function (k) {
        var group = groups.find(function (g) { return g.token === k; });
        if (group) wanted = wanted.concat(group.names.map(function (n) { return n.toLowerCase(); }));
        else wanted.push(k);
      });
      return summary(htmlText, wanted, anchor);
    };
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /** Wrap what ``pattern`` (global) matches in the text under ``root`` in
      <span class="highlighted">, as Sphinx's highlighter does (so its Escape key clears them). */
  function highlight(root, pattern) {
    var skip = "script, style, textarea, select, button, .highlighted, .nohighlight";
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return parent && !parent.closest(skip) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    var found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    found.forEach(function (node) {
      var text = node.nodeValue;
      var parts = [];
      var last = 0;
      var match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text))) {
        if (!match[0]) {
          pattern.lastIndex++;
          continue;
        }
        parts.push(document.createTextNode(text.slice(last, match.index)));
        var span = document.createElement("span");
        span.className = "highlighted";
        span.textContent = match[0];
        parts.push(span);
        last = match.index + match[0].length;
      }
      if (!parts.length) return;
      parts.push(document.createTextNode(text.slice(last)));
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part) { fragment.appendChild(part); });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  /* 7. Arriving from a search result ---------------------------------------------------- */
  // pydata-sphinx-theme loads searchtools.js on every page (for its search dialog), and Sphinx's
  // highlighter skips any page that has it, so nothing was ever highlighted: the highlighting
  // is done here, in the article only, on a page opened from a search result (or with
  // ?highlight=words in its address). Read now, before anything else can use or remove them.
  var arriving = (function () {
    var here = new URL(window.location.href);
    var mark = take(FROM_SEARCH_KEY);
    var terms = take("sphinx_highlight_terms") || "";
    var names = [];
    var fromResult = false;
    try {
      names = JSON.parse(take(NAMES_KEY) || "[]");
    } catch (e) {
      names = [];
    }
    try {
      mark = JSON.parse(mark);
      fromResult = new URL(mark.href, here).pathname === here.pathname && Date.now() - mark.at < 600000;
    } catch (e) {
      fromResult = false;
    }
    if (here.searchParams.has("highlight")) {
      fromResult = true;
      terms = here.searchParams.get("highlight");
      names = [];
      here.searchParams.delete("highlight");
      try {
        window.history.replaceState(window.history.state, "", here);
      } catch (e) {
        /* a file:// page may refuse: the address keeps its ?highlight= */
      }
    }
    return { fromResult: fromResult, terms: terms.toLowerCase().split(/\s+/).filter(Boolean), names: names };
  })();

  // On the search page: remember which result the reader opened (click, Enter, middle click).
  function markResult(event) {
    var target = event.target instanceof Element ? event.target : null;
    var link = target && target.closest("#search-results a[href]");
    if (!link) return;
    store(function (s) { s.setItem(FROM_SEARCH_KEY, JSON.stringify({ href: link.href, at: Date.now() })); });
  }
  document.addEventListener("click", markResult, true);
  document.addEventListener("auxclick", markResult, true);

  function onSearchPage() {
    var options = typeof DOCUMENTATION_OPTIONS !== "undefined" ? DOCUMENTATION_OPTIONS : {};
    return options.pagename === "search" || /\/search\.html$/.test(window.location.pathname);
  }

  function hashTarget() {
    if (!window.location.hash) return null;
    try {
      return document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    } catch (e) {
      return null;
    }
  }

  function highlightArrival(article) {
    var terms = arriving.terms.filter(function (t) { return t.length > 1; });
    if (terms.length) {
      // Sphinx's rule: each searched word wherever it occurs, in any case.
      highlight(article, new RegExp(terms.map(escapeRegExp).join("|"), "gi"));
    }
    if (arriving.names.length) {
      // Glossary names: whole words only (so "FT" is not the "ft" of "after").
      var names = arriving.names
        .slice()
        .sort(function (a, b) { return b.length - a.length; })
        .map(function (n) { return escapeRegExp(n).replace(/\s+/g, "\\s+"); });
      highlight(article, new RegExp("(?<![\\p{L}\\p{N}_])(?:" + names.join("|") + ")s?(?![\\p{L}\\p{N}_])", "giu"));
    }
  }

  /** Scroll the first shown match to the middle of the window and give it the keyboard focus
      (as following a link to an anchor does), unless the reader has already moved. */
  function revealFirstMatch(article) {
    if (hashTarget()) return; // a result with an anchor: the browser has gone there
    var match = Array.prototype.find.call(article.querySelectorAll(".highlighted"), function (el) {
      return el.getClientRects().length > 0; // not in a closed <details> or a hidden output
    });
    if (!match) return;
    var acted = false;
    var events = ["wheel", "touchstart", "keydown", "mousedown"];
    function stop() {
      acted = true;
      events.forEach(function (type) { window.removeEventListener(type, stop, true); });
    }
    events.forEach(function (type) { window.addEventListener(type, stop, { capture: true, passive: true }); });
    function reveal() {
      if (acted || !match.isConnected) return;
      var box = match.getBoundingClientRect();
      var top = window.scrollY + box.top - Math.max(0, (window.innerHeight - box.height) / 2);
      window.scrollTo({ top: Math.max(0, top), behavior: "instant" });
    }
    reveal();
    var focused = document.activeElement;
    if (!focused || focused === document.body || focused === document.documentElement) {
      match.setAttribute("tabindex", "-1");
      match.classList.add("nhs-search-target");
      match.focus({ preventScroll: true });
      match.addEventListener("blur", function () { match.removeAttribute("tabindex"); }, { once: true });
    }
    // Images, fonts, maths and widgets may still change the layout: keep the match in view for
    // a few seconds, until the reader scrolls, clicks or types.
    window.addEventListener("load", reveal);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(reveal);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(reveal);
      observer.observe(article);
      window.setTimeout(function () { observer.disconnect(); }, 4000);
    }
    window.setTimeout(stop, 4000);
  }

  patchSearch();
  ready(function () {
    patchSearch();
    patchQuery();
    setupBackToTop();
    setupTips();
    var article = document.querySelector("article.bd-article");
    if (article && arriving.fromResult && !onSearchPage()) {
      highlightArrival(article);
      revealFirstMatch(article);
    }
  });
})();
