"""Citations and glossary terms as an instructor reads them in JupyterLab (jupyterlab-myst), in
headless Chromium: chapter 2 opened in the course's JupyterLab (the server and browser of
``tests/test_jupyterlab.py``).

- Every citation shows its author–year label, as the book labels it ("[Ham 2014c]"), and no
  bibtex key ("ham2014reforming") shows anywhere in the rendered markdown.
- Without scrolling (the course's settings attach every cell: windowingMode "defer"), each glossary
  term links to its entry in the notebook's *Terms and references* cell and each citation to its
  full reference there, and hovering a term shows its definition.
"""

from __future__ import annotations

import re
import time

import pytest

from nhsreform import citations

from .test_jupyterlab import lab, lab_browser, open_notebook  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

CHAPTER2 = "chapters/02-targets-and-performance-management.ipynb"
MARKDOWN = ".jp-NotebookPanel .jp-MarkdownCell"
AUTHOR_YEAR = re.compile(r"^\[?[A-Z][^\[\]]* \[?((1[89]|20)\d\d[a-z]?|n\.d\.(-[a-z])?)\]?(; .+)?\]?$")

# For every link in the rendered markdown: its text and target, whether jupyterlab-myst resolved
# it (a hover card) and the element it points to in the notebook.
_LINKS_JS = """
sel => [...document.querySelectorAll(sel)].map(a => {
    const id = decodeURIComponent((a.getAttribute('href') || '').slice(1));
    const target = id ? document.getElementById(id) : null;
    return {text: a.textContent.replace(/\\s+/g, ' ').trim(), href: a.getAttribute('href'),
            resolved: a.classList.contains('hover-link'),
            target: target && target.closest('.jp-NotebookPanel') ? target.tagName : null,
            target_text: target ? target.textContent.replace(/\\s+/g, ' ').trim().slice(0, 300) : ''};
})
"""


def _markdown_text(page) -> str:
    """The rendered markdown (not the cells' hidden editors, which hold the source)."""
    return " ".join(page.locator(f"{MARKDOWN} .myst").all_text_contents())


def _cited_keys() -> list[str]:
    from .test_citations import ROOT, _cells, _markdown

    return citations.cited_keys("\n".join(_markdown(c) for c in _cells(ROOT / CHAPTER2)))


def _check_no_bare_keys(page, where: str) -> None:
    text = _markdown_text(page)
    words = set(re.findall(r"[\w-]+", text.lower()))
    shown = sorted(k for k in _cited_keys() if k in words)
    assert not shown, f"{where}: bibtex keys shown as text in JupyterLab: {shown}"


def test_citations_and_terms_read_well_in_jupyterlab(open_notebook):  # noqa: F811
    t0 = time.monotonic()
    page, log = open_notebook(CHAPTER2)
    page.wait_for_function(  # jupyterlab-myst has rendered the first screens of markdown
        "sel => document.querySelectorAll(sel).length > 5", arg=f"{MARKDOWN} .myst p", timeout=30_000
    )
    page.wait_for_timeout(500)

    # As opened: no bare keys, author–year labels.
    _check_no_bare_keys(page, "as opened")
    links = page.evaluate(_LINKS_JS, f"{MARKDOWN} a[href^='#ref-']")
    assert links, "no citation rendered"
    bad = [a["text"] for a in links if not AUTHOR_YEAR.match(a["text"])]
    assert not bad, f"citations not shown as author–year labels: {bad}"
    report = f"[{citations.works()['ham2014reforming'].label}]"
    assert report == "[Ham 2014c]"  # the book's label (_ext/bibtex_labels.py)
    assert report in [a["text"] for a in links], [a["text"] for a in links][:10]

    # Without scrolling (the course's settings: windowingMode "defer" attaches every cell): terms
    # and citations resolve to the notebook's own glossary and reference list.
    page.wait_for_selector(f"{MARKDOWN} dt[id^='term-']", state="attached", timeout=30_000)
    page.wait_for_function(
        "sel => document.querySelectorAll(sel).length > 0",
        arg=f"{MARKDOWN} a.hover-link[href^='#term-']",
        timeout=15_000,
    )
    _check_no_bare_keys(page, "every cell rendered")

    terms = page.evaluate(_LINKS_JS, f"{MARKDOWN} a[href^='#term-'], {MARKDOWN} a.hover-link[href='#']")
    assert terms, "no glossary term link rendered"
    dead = [t["text"] for t in terms if not (t["resolved"] and t["target"] == "DT")]
    assert not dead, f"glossary terms that lead nowhere: {dead}"
    gaming = next(t for t in terms if t["text"].lower() == "gaming")
    assert gaming["href"] == "#term-gaming" and gaming["target_text"].lower() == "gaming"

    refs = page.evaluate(_LINKS_JS, f"{MARKDOWN} a[href^='#ref-']")
    unresolved = sorted({r["href"] for r in refs if not (r["resolved"] and r["target"])})
    assert not unresolved, f"citations without their reference in the notebook: {unresolved}"
    ham = next(r for r in refs if r["href"] == "#ref-ham2014reforming")
    assert ham["text"] == "[Ham 2014c]" and "Reforming the NHS from within" in ham["target_text"]

    # Hovering a term shows its definition (jupyterlab-myst's hover card).
    link = page.locator(f"{MARKDOWN} a.hover-link[href='#term-gaming']").first
    link.scroll_into_view_if_needed()
    link.hover()
    card = page.locator("[data-radix-popper-content-wrapper]", has_text="Changing behaviour or records")
    try:
        card.first.wait_for(state="visible", timeout=10_000)
    except Exception:
        opened = page.evaluate(
            "() => document.querySelector('[data-state=\"open\"]')?.outerHTML?.slice(0, 800)"
        )
        wrappers = page.evaluate(
            "() => [...document.querySelectorAll('[data-radix-popper-content-wrapper]')]"
            ".map(e => e.textContent.slice(0, 200))"
        )
        pytest.fail(f"no definition shown on hover over a term: open={opened} cards={wrappers}")

    assert not log["page_errors"], "\n".join(log["page_errors"])
    print(f"\nJupyterLab citations and terms checked in {time.monotonic() - t0:.1f} s")
