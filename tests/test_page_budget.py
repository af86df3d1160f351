"""Every page of the built book is light on a slow network (issue 11, part 4).

Opened cold (an empty cache) in headless Chromium from 127.0.0.1, a page downloads at most
1.5 MB before the reader scrolls: figures below the screen wait until the reader reaches them,
and no page loads MathJax, the icon script or the search index (``_ext/light_pages.py``,
``_ext/mathml.py``). The time to the load event (budget 0.5 s) is printed here and measured by
``scripts/benchmark.py --pages``, not asserted: on a shared machine a timed test fails at random.
"""

from __future__ import annotations

import pytest

from .conftest import reach, toc_documents

BUDGET_BYTES = 1_500_000
PAGES = [f"{doc}.html" for doc in toc_documents()] + ["index.html", "search.html", "genindex.html"]
VIEWPORTS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Phones get the same pages with narrower figures: weighed where the figures are.
CASES = [(path, "laptop") for path in PAGES] + [
    (path, "phone") for path in PAGES if path.startswith(("chapters/", "exercises/"))
]

# Bytes of the page and everything it fetched, from the browser's own record (the local server
# does not compress, so the bytes encoded are the bytes sent).
WEIGHT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const entries = [nav, ...performance.getEntriesByType('resource')];
  return {
    bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
    files: entries.map(e => [e.name, e.encodedBodySize]).sort((a, b) => b[1] - a[1]).slice(0, 5),
    load: Math.round(nav.loadEventEnd - nav.startTime),
  };
}"""


def weigh(browser, site_url: str, path: str, viewport: dict) -> tuple[dict, list[str]]:
    context = browser.new_context(viewport=viewport)  # a new context: an empty cache
    try:
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(site_url + "/") else outside.append(r.url))
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
        return page.evaluate(WEIGHT), outside
    finally:
        context.close()


@pytest.mark.parametrize(("path", "viewport"), CASES)
def test_a_cold_page_downloads_at_most_its_budget_before_scrolling(browser, site_url, path, viewport):
    weight, outside = weigh(browser, site_url, path, VIEWPORTS[viewport])
    print(f"{path} ({viewport}): {weight['bytes'] / 1e6:.2f} MB, load event {weight['load']} ms")
    assert outside == [], f"{path}: requests left the site: {outside}"
    heaviest = ", ".join(f"{url.removeprefix(site_url)} {size / 1e3:.0f} kB" for url, size in weight["files"])
    assert weight["bytes"] <= BUDGET_BYTES, (
        f"{path} ({viewport}) downloads {weight['bytes'] / 1e6:.2f} MB before scrolling "
        f"(budget {BUDGET_BYTES / 1e6} MB); heaviest: {heaviest}"
    )


def test_figures_below_the_screen_wait_until_the_reader_reaches_them(browser, site_url):
    context = browser.new_context(viewport=VIEWPORTS["laptop"])
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if "/_images/figures/" in r.url else None)
        page.goto(f"{site_url}/chapters/02-targets-and-performance-management.html")
        page.wait_for_load_state("networkidle")
        figures = page.locator("img[src*='_images/figures/']")
        total = figures.count()
        assert total >= 6
        before = len(set(fetched))
        assert before < total, "every figure was fetched before the reader scrolled"
        last = figures.nth(total - 1)
        reach(last)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=last.element_handle())
        assert len(set(fetched)) > before, "scrolling to a figure did not load it"
    finally:
        context.close()


def test_long_pages_draw_each_section_when_the_reader_reaches_it(open_page, site_url):
    """The sections below the screen are laid out only when reached (content-visibility), yet a
    link to the last one opens with it drawn and on screen, and on paper nothing is skipped."""
    page, log = open_page("chapters/06-reforming-from-within.html")
    sections = page.locator(".bd-article > section > section")
    assert sections.count() >= 6
    styles = sections.evaluate_all("els => els.map(s => getComputedStyle(s).contentVisibility)")
    assert set(styles) == {"auto"}, styles
    last = sections.last
    page.goto(f"{site_url}/chapters/06-reforming-from-within.html#{last.get_attribute('id')}")
    heading = last.locator("h2").first
    page.wait_for_function(
        """h => { const r = h.getBoundingClientRect();
                  return r.height > 0 && r.top >= 0 && r.top < innerHeight; }""",
        arg=heading.element_handle(),
        timeout=5_000,
    )
    page.emulate_media(media="print")
    assert set(sections.evaluate_all("els => els.map(s => getComputedStyle(s).contentVisibility)")) == {
        "visible"
    }
    assert log.failed == [] and log.page_errors == []


def test_icons_are_drawn_from_the_icon_font_without_its_script(open_page):
    page, log = open_page("chapters/01-why-how-we-reform-matters.html")
    icon = page.locator(".theme-switch-button .fa-sun, .theme-switch-button .fa-moon").first
    glyph = page.evaluate(
        """async (el) => {
          await document.fonts.ready;
          const style = getComputedStyle(el, '::before');
          const loaded = [...document.fonts].some(
            f => f.family.includes('Font Awesome') && f.status === 'loaded');
          return {family: style.fontFamily, content: style.content,
                  width: el.getBoundingClientRect().width, loaded};
        }""",
        icon.element_handle(),
    )
    assert "Font Awesome" in glyph["family"] and glyph["content"] not in ("none", "normal", '""'), glyph
    assert glyph["loaded"] and glyph["width"] > 0, glyph
    assert log.failed == [] and log.page_errors == []
