"""The book's chrome (_ext/theme_fixes.py, _static/book-chrome.js and .css): sidebar navigation on
phones and narrow windows, a search index of prose only, glossary synonyms in search ("Mid Staffs"),
search results that open at the match, previews of glossary terms and citations, "Back to top"
clear of quiz feedback, and a colour-mode button whose first click changes the page."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx import addnodes

from .conftest import DRAW_EVERY_SECTION, ROOT, open_quietly, toc_documents

CHAPTER = "chapters/03-inspection-and-regulation.html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CODE_ONLY_TOKENS = ("load_dataset", "show_quiz", "nhsq")
SIDEBARS = {  # toggle button class: (modal dialog, a link that must be in the opened panel)
    "primary-toggle": ("#pst-primary-sidebar-modal", "nav.bd-docs-nav a"),
    "secondary-toggle": ("#pst-secondary-sidebar-modal", "nav.page-toc a"),
}


# --- Search index (no browser) ------------------------------------------------------------------


def _doctree() -> nodes.document:
    document = new_document("<test>", get_default_settings(Parser))
    section = nodes.section(ids=["s"])
    section += nodes.title(text="Inspection")
    section += nodes.paragraph(text="Star ratings were published every year.")
    cell = nodes.container(classes=["cell"])
    cell_input = nodes.container(classes=["cell_input"])
    cell_input += nodes.literal_block(text='stars = load_dataset("star_ratings")')
    cell += cell_input
    output = nodes.container(classes=["cell_output"])
    output += nodes.raw(
        text='<div class="nhsq" data-nhsq><label>The VA never improved</label></div>', format="html"
    )
    output += nodes.raw(text="<p>A table of ratings</p>", format="html")
    cell += output
    section += cell
    document += section
    return document


def _theme_fixes():
    spec = importlib.util.spec_from_file_location("theme_fixes", ROOT / "_ext" / "theme_fixes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_search_pruning_drops_code_and_quizzes_but_keeps_prose_and_page():
    prune_for_search = _theme_fixes().prune_for_search
    doctree = _doctree()
    pruned = prune_for_search(doctree).astext()
    assert "Star ratings were published" in pruned and "A table of ratings" in pruned
    assert "load_dataset" not in pruned and "VA never improved" not in pruned
    # The page itself keeps everything: only the indexer's copy is pruned.
    assert "load_dataset" in doctree.astext() and "VA never improved" in doctree.astext()


def _search_index(site) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def test_search_index_has_prose_but_no_code_or_quiz_tokens(built_site):
    # A term whose list of pages is empty is a leftover of an earlier incremental build: no
    # search finds it, so it does not count.
    terms = {t: docs for t, docs in _search_index(built_site)["terms"].items() if docs != []}
    # The index is real (prose words of the chapters are there) ...
    assert {"inspect", "regul", "rate"} <= terms.keys()
    # ... and words that occur only in code cells or quiz markup are not.
    found = [t for t in CODE_ONLY_TOKENS if t in terms]
    assert found == [], f"code/quiz tokens in the search index: {found}"
    # Those words really are only in code: no page's prose uses them.
    for doc in toc_documents():
        page = built_site / f"{doc}.html"
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"<(script|style|pre)\b.*?</\1>", "", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
        assert not [t for t in CODE_ONLY_TOKENS if t in text], page


def _glossary(entries) -> nodes.document:
    document = new_document("<glossary>", get_default_settings(Parser))
    items = nodes.definition_list()
    for names, text in entries:
        item = nodes.definition_list_item()
        for name in names:
            item += nodes.term(text=name)
        definition = nodes.definition()
        definition += nodes.paragraph(text=text)
        item += definition
        items += item
    glossary = addnodes.glossary()
    glossary += items
    document += glossary
    return document


def _page(text: str) -> nodes.document:
    document = new_document("<page>", get_default_settings(Parser))
    document += nodes.paragraph(text=text)
    return document


def test_synonyms_are_the_names_a_definition_gives_in_brackets():
    fixes = _theme_fixes()
    glossary = _glossary(
        [
            (["Payment by Results", "PbR"], "Payment by Results (PbR): paying hospitals per case."),
            (["Mid Staffordshire", "Mid Staffs"], 'Mid Staffordshire NHS Foundation Trust ("Mid Staffs").'),
            (["association", "causation"], "Two things are associated when they go together."),
            (["CQC"], "Care Quality Commission (CQC): the regulator."),
        ]
    )
    groups = fixes.synonym_groups_in(glossary)
    assert [g.names for g in groups] == [["Payment by Results", "PbR"], ["Mid Staffordshire", "Mid Staffs"]]
    pbr, staffs = groups
    # A page that uses one name is indexed under all of them and the group's one word ...
    indexed = fixes.add_synonyms(_page("Hospitals were paid under payment by results."), groups).astext()
    assert "PbR" in indexed and pbr.token in indexed and staffs.token not in indexed
    indexed = fixes.add_synonyms(_page("Failures of care at Mid Staffordshire."), groups).astext()
    assert "Mid Staffs" in indexed and staffs.token == "midstaffordshire" and staffs.token in indexed
    # ... but "mid" and "staff" apart are not the name, and abbreviations keep their case.
    for text in ("In the mid-2000s staff in Staffordshire were surveyed.", "It left soft budgets."):
        assert fixes.add_synonyms(_page(text), groups).astext() == text
    assert pbr.token in fixes.add_synonyms(_page("Tariffs under PbR."), groups).astext()


# --- Browser ------------------------------------------------------------------------------------


def _open(open_page, path, width, height=844, color_scheme="light"):
    page, log = open_page(path, color_scheme=color_scheme)
    if width != 1280:
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        log.network.wait_until_quiet()
    return page, log


def _visible_toggle(page, cls):
    buttons = page.locator(f"button.{cls}:visible")
    assert buttons.count() >= 1, f"no visible .{cls}"
    return buttons.first


def _assert_open_on_screen(page, dialog_sel, link_sel):
    dialog = page.locator(dialog_sel)
    page.wait_for_function(f"document.querySelector('{dialog_sel}').open")
    box = dialog.bounding_box()
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    assert box and box["width"] > 100 and box["height"] > 100, box
    assert box["x"] >= -1 and box["x"] + box["width"] <= vw + 1 and box["y"] < vh, (box, vw)
    links = dialog.locator(link_sel)
    assert links.count() > 0 and links.first.is_visible(), f"no links in {dialog_sel}"
    return box


def _is_open(page, dialog_sel) -> bool:
    return page.evaluate(f"document.querySelector('{dialog_sel}').open")


def _wait_for(page, condition: str, arg) -> None:
    """Wait (Playwright's 30 s at most) until ``condition`` holds; the caller's assertion then says
    what was shown if it never does, rather than a bare timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(condition, arg=arg)


def _wait_until_closed(page, dialog_sel, sidebar_sel, link_sel):
    """Wait until the panel is shut and its contents are back in the page's sidebar.

    The theme moves them back in a listener for the dialog's "close" event, which the browser
    fires as a task of its own after the dialog has shut; the CI run of 36e026a read the sidebar
    in between and found it empty.
    """
    links = f"{sidebar_sel} {link_sel}"
    _wait_for(
        page,
        "([d, l]) => !document.querySelector(d).open && document.querySelectorAll(l).length > 0",
        [dialog_sel, links],
    )
    still_open, back = _is_open(page, dialog_sel), page.locator(links).count()
    assert not still_open and back > 0, f"{dialog_sel} open: {still_open}; links in {sidebar_sel}: {back}"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 800])
@pytest.mark.parametrize("cls", list(SIDEBARS))
def test_sidebars_open_and_close_on_narrow_screens(open_page, width, cls):
    page, log = _open(open_page, CHAPTER, width)
    dialog_sel, link_sel = SIDEBARS[cls]
    sidebar = "#pst-primary-sidebar" if cls == "primary-toggle" else "#pst-secondary-sidebar"
    assert not _is_open(page, dialog_sel)
    # By click (or tap); a click on the backdrop beside the panel closes it.
    _visible_toggle(page, cls).click()
    box = _assert_open_on_screen(page, dialog_sel, link_sel)
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    beside = (vw - 5, vh / 2) if box["x"] < 5 else (5, vh / 2)
    page.mouse.click(*beside)
    _wait_until_closed(page, dialog_sel, sidebar, link_sel)
    # By keyboard: Enter and Space open it, Escape closes it and focus returns to the button.
    for key in ("Enter", " "):
        toggle = _visible_toggle(page, cls)
        toggle.focus()
        page.keyboard.press(key)
        _assert_open_on_screen(page, dialog_sel, link_sel)
        page.keyboard.press("Escape")
        # Shut, and the panel's contents back in the page's sidebar.
        _wait_until_closed(page, dialog_sel, sidebar, link_sel)
        assert toggle.evaluate("b => b === document.activeElement"), "focus did not return to the button"
    assert log.page_errors == [] and log.console_errors == [] and log.external == []


@pytest.mark.browser
def test_desktop_sidebars_unchanged(open_page):
    page, log = _open(open_page, CHAPTER, 1280)
    primary, secondary = page.locator("#pst-primary-sidebar"), page.locator("#pst-secondary-sidebar")
    for sidebar, links in ((primary, "nav.bd-docs-nav a"), (secondary, "nav.page-toc a")):
        box = sidebar.bounding_box()
        assert box and box["width"] > 150 and sidebar.locator(links).first.is_visible()
    assert page.locator("button.secondary-toggle:visible").count() == 0
    # The hamburger collapses the navigation in the page (sphinx-book-theme's desktop behaviour)
    # instead of opening a modal, and a second click brings it back.
    toggle = _visible_toggle(page, "primary-toggle")
    toggle.click()
    primary.locator("nav.bd-docs-nav a").first.wait_for(state="hidden")
    assert not _is_open(page, "#pst-primary-sidebar-modal")
    toggle.click()
    # Back in place: the links show at the start of the slide, the sidebar is in view at its end.
    page.wait_for_function(
        """() => { const r = document.querySelector('#pst-primary-sidebar').getBoundingClientRect();
                   return r.left >= 0 && r.width > 150; }"""
    )
    assert primary.locator("nav.bd-docs-nav a").first.is_visible()
    assert not _is_open(page, "#pst-primary-sidebar-modal")
    assert log.page_errors == [] and log.console_errors == []


@pytest.mark.browser
def test_search_snippets_are_prose(open_page):
    page, log = open_page("search.html?q=gaming")
    page.wait_for_selector("#search-results li", timeout=15000)
    page.wait_for_function(  # snippets are filled in as each page is fetched
        "() => { const r = document.querySelectorAll('#search-results li');"
        " return r.length && [...r].every(li => li.querySelector('p.context')); }",
        timeout=15000,
    )
    snippets = page.locator("#search-results li p.context").all_inner_texts()
    assert snippets
    for snippet in snippets:
        assert not re.search(r"\b(Binder|Repository|Show code cell)\b", snippet), snippet
        assert "load_dataset" not in snippet and "show_quiz" not in snippet, snippet
    assert log.external == [] and log.page_errors == []


def _tip(page):
    tip = page.locator("#nhs-tip")
    tip.wait_for(state="visible", timeout=3000)
    return tip


@pytest.mark.browser
def test_glossary_term_preview_on_hover_and_focus(open_page):
    glossary, _ = open_page("glossary.html")
    page, log = open_page(CHAPTER)
    url = page.url
    link = page.locator(".bd-article a.reference[href*='glossary.html#term-']").first
    term_id = link.get_attribute("href").split("#", 1)[1]
    definition = glossary.evaluate(
        """id => { let el = document.getElementById(id).closest('dt');
                   while (el && el.tagName !== 'DD') el = el.nextElementSibling;
                   return el.textContent; }""",
        term_id,
    )
    expected = " ".join(definition.split())[:60]
    link.hover()
    tip = _tip(page)
    assert " ".join(tip.inner_text().split()).startswith(expected)
    assert tip.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-describedby") == "nhs-tip"
    page.mouse.move(1, 1)
    tip.wait_for(state="hidden", timeout=3000)
    # Keyboard: focus shows it, Escape closes it.
    link.focus()
    assert " ".join(_tip(page).inner_text().split()).startswith(expected)
    page.keyboard.press("Escape")
    page.locator("#nhs-tip").wait_for(state="hidden", timeout=3000)
    assert page.url == url
    assert log.external == [] and log.page_errors == [] and log.console_errors == []


@pytest.mark.browser
def test_citation_preview_on_focus(open_page):
    page, log = open_page(CHAPTER)
    url = page.url
    link = page.locator(".bd-article a.footnote-reference").first
    target = link.get_attribute("href").lstrip("#")
    reference = page.evaluate(
        """id => { const n = document.getElementById(id).cloneNode(true);
                   n.querySelectorAll('.label, .backrefs').forEach(e => e.remove());
                   return n.textContent.replace(/\\s+/g, ' ').trim(); }""",
        target,
    )
    assert len(reference) > 20
    link.focus()
    tip = _tip(page)
    assert " ".join(tip.inner_text().split()) == reference
    assert link.get_attribute("aria-describedby") == "nhs-tip"
    page.keyboard.press("Escape")
    page.locator("#nhs-tip").wait_for(state="hidden", timeout=3000)
    assert page.url == url
    assert log.external == [] and log.page_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_previews_and_open_sidebar_pass_axe(open_page, mode):
    page, _ = _open(open_page, CHAPTER, 390, color_scheme=mode)
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; animation: none !important; }"
    )
    page.add_style_tag(content=DRAW_EVERY_SECTION)  # axe reads colours where things are drawn
    page.locator(".bd-article a.reference[href*='glossary.html#term-']").first.focus()
    _tip(page)
    page.add_script_tag(path=str(AXE))
    problems = []
    for state in ("tooltip", "sidebar"):
        if state == "sidebar":
            page.keyboard.press("Escape")
            _visible_toggle(page, "primary-toggle").click()
            page.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        problems += [
            f"{state}: {v['id']} ({v['impact']}): {' '.join(map(str, n['target']))}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
            for n in v["nodes"]
        ]
    assert problems == [], "\n".join(problems)


def _scroll_up_a_little(page):
    """One turn of the mouse wheel upwards (40 px), as a reader's: returns once the page has moved
    and has stayed put for two frames, so the theme and the course's chrome have drawn or hidden
    "Back to top" (they decide in the scroll event)."""
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, -40)
    page.wait_for_function("y => window.scrollY < y", arg=before)
    assert _settled(page), "the page was still scrolling after 60 checks"


def _settled(page) -> bool:
    """Whether the page stays put for two frames, within 60 tries (a frame waits at most 200 ms,
    so this never hangs)."""
    return page.evaluate(
        """async () => {
             const frame = () => new Promise(r => { requestAnimationFrame(r); setTimeout(r, 200); });
             let last = -1;
             for (let i = 0; i < 60 && window.scrollY !== last; i++) {
               last = window.scrollY; await frame(); await frame();
             }
             return window.scrollY === last;
           }"""
    )


@pytest.mark.browser
def test_back_to_top_never_covers_quiz_feedback_on_a_phone(open_page):
    page, log = _open(open_page, CHAPTER, 390)
    form = page.locator(".nhsq form.nhsq-q").last
    form.locator("input").first.check()
    form.locator("button[type=submit]").click()
    feedback = form.locator(".nhsq-feedback")
    feedback.wait_for(state="visible")
    assert feedback.inner_text().strip()
    # Put the feedback where the theme draws "Back to top" (90% down the window), then scroll up
    # a little, which is what makes the theme show the button.
    top = feedback.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    vh = page.viewport_size["height"]
    for blur_first in (False, True):  # with the quiz focused, and after a tap elsewhere
        if blur_first:
            page.evaluate("document.activeElement.blur()")
        page.evaluate(f"window.scrollTo(0, {top - 0.9 * vh + 60})")
        assert _settled(page)  # the theme has seen this scroll before the wheel's
        _scroll_up_a_little(page)
        button = page.locator("#pst-back-to-top")
        # The theme has shown it (display), whatever the course's chrome then does (visibility).
        assert button.evaluate("b => b.style.display") == "block", "the upward scroll did not register"
        shown = button.evaluate(
            "b => getComputedStyle(b).display !== 'none' && getComputedStyle(b).visibility === 'visible'"
        )
        b, f = button.bounding_box(), feedback.bounding_box()
        overlap = bool(
            b
            and f
            and b["width"]
            and b["x"] < f["x"] + f["width"]
            and f["x"] < b["x"] + b["width"]
            and b["y"] < f["y"] + f["height"]
            and f["y"] < b["y"] + b["height"]
        )
        assert not (shown and overlap), f"Back to top {b} covers the quiz feedback {f}"
    # Away from the quiz the button still appears when scrolling up.
    page.evaluate("window.scrollTo(0, 3000)")
    assert _settled(page)
    _scroll_up_a_little(page)
    page.locator("#pst-back-to-top").wait_for(state="visible")
    assert log.page_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("start", ["light", "dark"])
def test_colour_mode_first_click_changes_the_page(open_page, start):
    page, log = open_page(CHAPTER, color_scheme=start)
    other = "dark" if start == "light" else "light"

    def state():
        return page.evaluate("""() => [document.documentElement.dataset.theme,
                                      getComputedStyle(document.body).backgroundColor]""")

    theme0, background0 = state()
    assert theme0 == start
    button = page.locator(".theme-switch-button:visible").first
    # Each click changes the theme and the page's colours; on a loaded machine they may be drawn a
    # little later, so the test waits for them (the assertions say what was shown if they never
    # come).
    shows = """([theme, background, same]) => document.documentElement.dataset.theme === theme
                 && (getComputedStyle(document.body).backgroundColor === background) === same"""
    button.click()
    _wait_for(page, shows, [other, background0, False])
    theme1, background1 = state()
    assert theme1 == other and background1 != background0
    button.click()
    _wait_for(page, shows, [theme0, background0, True])
    assert state() == [theme0, background0]
    assert log.page_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("doc", toc_documents())
def test_pages_do_not_scroll_sideways_on_a_phone(browser, site_url, doc):
    """At 390 px nothing widens the page (long reference URLs wrap; wide tables scroll in their
    own box), so a phone reader never scrolls the whole page sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_quietly(page, f"{site_url}/{doc}.html")
    page.add_style_tag(content=DRAW_EVERY_SECTION)  # also the sections not reached yet
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 392, f"{doc}: the page is {width} px wide at a 390 px viewport"


# --- Search: synonyms, and results that open at the match ---------------------------------------


def _search(page, site_url, query):
    """Search the book as a student does (the search page), and return the result links."""
    page.goto(f"{site_url}/search.html?q={query}")
    page.wait_for_function(
        "() => /Search finished/.test(document.querySelector('#search-results')?.textContent || '')",
        timeout=15000,
    )
    return page.locator("#search-results li > a")


def _pages_of(links) -> set[str]:
    return {href.split("#", 1)[0] for href in links.evaluate_all("as => as.map(a => a.getAttribute('href'))")}


def _prose(path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style|pre)\b.*?</\1>", "", text, flags=re.S | re.I)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


# The match a search result opened on: the first highlighted text in the article that is shown,
# with where it is on the screen and what is drawn at its centre.
FIRST_MATCH = r"""() => {
  const el = [...document.querySelectorAll('article.bd-article .highlighted')]
    .find(e => e.getClientRects().length);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const line = el.getClientRects()[0];  // a name may wrap onto two lines
  const atCentre = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
  return {text: el.textContent, top: r.top, bottom: r.bottom, height: window.innerHeight,
          scrollY: window.scrollY, visible: !!atCentre && el.contains(atCentre),
          focused: document.activeElement === el};
}"""


def _wait_for_match(page):
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"({FIRST_MATCH})()?.focused", timeout=5000)
    page.wait_for_timeout(300)  # late layout changes (maths, widgets) must not push it away
    return page.evaluate(FIRST_MATCH)


def _assert_on_screen(match):
    assert match, "no highlighted match on the page opened from the search"
    assert 0 <= match["top"] and match["bottom"] <= match["height"], match
    assert match["visible"], f"the match is covered (by the header?): {match}"


# A word (8+ letters) that a chapter's prose shows only far down (more than three screens): found
# in the page itself, so the test does not depend on the chapter's wording.
FAR_WORD = r"""(screens) => {
  const article = document.querySelector('article.bd-article');
  const texts = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode);
  const firstY = (word) => {
    for (const node of texts) {
      const at = node.nodeValue.toLowerCase().indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const rects = range.getClientRects();
      if (rects.length) return rects[0].top + window.scrollY;  // else hidden: data, closed cells
    }
    return null;
  };
  const paragraphs = [...article.querySelectorAll('section p')].filter(p => !p.closest('.cell_output'));
  for (const p of paragraphs.reverse()) {
    for (const word of p.textContent.toLowerCase().match(/\b[a-z]{8,}\b/g) || []) {
      const y = firstY(word);
      if (y !== null && y > screens * window.innerHeight) return word;
    }
  }
  return null;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_a_search_result_opens_at_the_match(open_page, site_url, width):
    """A student who clicks a search result lands on the (highlighted) match, not at the top of
    a long chapter, and the keyboard focus is there too."""
    page, log = _open(open_page, CHAPTER, width)
    word = page.evaluate(FAR_WORD, 3)
    assert word, "no word used only far down the chapter"
    _search(page, site_url, word)
    result = page.locator(f"#search-results li > a[href^='{CHAPTER}']")
    assert result.count() >= 1, f"searching {word!r} does not find {CHAPTER}"
    result.first.click()
    page.wait_for_url(f"**/{CHAPTER}*")
    match = _wait_for_match(page)
    _assert_on_screen(match)
    assert word in match["text"].lower() and match["scrollY"] > match["height"], match
    assert log.page_errors == [] and log.console_errors == [] and log.external == []


@pytest.mark.browser
def test_an_address_with_highlight_opens_at_the_match(open_page, site_url):
    """Older Sphinx search results, and links students share, carry ?highlight=words."""
    page, log = open_page(CHAPTER)
    word = page.evaluate(FAR_WORD, 3)
    assert word, "no word used only far down the chapter"
    page.goto(f"{site_url}/{CHAPTER}?highlight={word}")
    match = _wait_for_match(page)
    _assert_on_screen(match)
    assert word in match["text"].lower() and "highlight=" not in page.url
    assert log.page_errors == [] and log.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_match_opened_from_search_passes_axe(open_page, site_url, mode):
    page, _ = open_page(CHAPTER, color_scheme=mode)
    word = page.evaluate(FAR_WORD, 3)
    page.goto(f"{site_url}/{CHAPTER}?highlight={word}")
    _wait_for_match(page)
    page.add_style_tag(content=DRAW_EVERY_SECTION)  # axe reads colours where things are drawn
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    problems = [
        f"{v['id']} ({v['impact']}): {' '.join(map(str, n['target']))}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_a_page_not_opened_from_a_result_stays_at_the_top(open_page, site_url):
    """The last search's words wait in the browser's storage whatever link comes next: only a
    result the student clicked highlights them, moves the page and moves the focus."""
    page, _ = open_page(CHAPTER)
    word = page.evaluate(FAR_WORD, 3)
    assert word, "no word used only far down the chapter"
    _search(page, site_url, word)
    page.goto(f"{site_url}/{CHAPTER}")  # not a click on a result: the sidebar, a bookmark
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert page.locator("article.bd-article .highlighted").count() == 0
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("document.activeElement === document.body")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Mid Staffs", "mid staffs"])
def test_mid_staffs_finds_the_pages_about_mid_staffordshire(open_page, built_site, site_url, query):
    """Students type the short name: the search finds the pages that name Mid Staffordshire (the
    chapters and the glossary), and not the pages that merely say "mid" and "staff"."""
    naming = {
        f"{doc}.html"
        for doc in toc_documents()
        if re.search(r"\bMid\s+Staffs|\bMid\s+Staffordshire", _prose(built_site / f"{doc}.html"))
    }
    assert {"glossary.html", "chapters/03-inspection-and-regulation.html"} <= naming
    page, log = open_page("intro.html")
    found = _pages_of(_search(page, site_url, query))
    assert found == naming, f"missing {sorted(naming - found)}, extra {sorted(found - naming)}"
    # The chapter opens at "Mid Staffordshire", highlighted as a whole name.
    results = page.locator("#search-results li > a[href^='chapters/03-inspection-and-regulation.html']")
    results.first.click()
    match = _wait_for_match(page)
    _assert_on_screen(match)
    assert re.fullmatch(r"Mid\s+Staff(ordshire|s)", match["text"], re.I), match
    assert log.page_errors == [] and log.console_errors == [] and log.external == []


@pytest.mark.browser
def test_abbreviations_find_the_pages_that_use_the_full_name(open_page, site_url):
    page, _ = open_page("intro.html")
    assert "chapters/04-competition-and-choice.html" in _pages_of(_search(page, site_url, "PbR"))
    found = _pages_of(_search(page, site_url, "Payment by Results"))
    assert "chapters/04-competition-and-choice.html" in found and "glossary.html" in found
