"""Pages carry nothing the book does not use (``_ext/light_pages.py``).

The book shows every widget as its static HTML view, so no page embeds the ipywidgets state or
loads the widget manager (3.6 MB of JavaScript). A chapter page still shows its quizzes and
explorers: the browser tests (tests/test_site_browser.py, tests/test_book_explorers.py) answer
and move them on the same build.
"""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.utils import new_document

from .conftest import load_extension


def test_no_page_embeds_widget_state_or_loads_the_widget_manager(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30
    heavy = [
        p.relative_to(built_site).as_posix()
        for p in pages
        if any(
            s in p.read_text(encoding="utf-8") for s in ("widget-state+json", "embed-amd.js", "require.js")
        )
    ]
    assert heavy == []
    chapter = (built_site / "chapters" / "02-targets-and-performance-management.html").read_text(
        encoding="utf-8"
    )
    assert "nhsq" in chapter and "nhs-book-explorer" in chapter, "the quiz and explorer are still there"


class _Env:
    docname = "chapters/99-example"  # where Sphinx reads it from; the handler is given it

    def __init__(self):
        self.nb_metadata = {
            self.docname: {
                "js_files": {
                    "ipywidgets_state": (None, {"type": "application/vnd.jupyter.widget-state+json"}),
                    "ipywidgets_0": ("widgets/require.js", {}),
                    "thebe": ("thebe.js", {}),
                }
            }
        }


def _doctree(html: str):
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    doc = new_document("test", get_default_settings(Parser))
    doc += nodes.raw("", html, format="html")
    return doc


def test_the_widget_scripts_are_dropped_and_others_kept():
    ext = load_extension("light_pages")
    app = type("App", (), {"env": _Env()})()
    ext._drop_widget_scripts(app, _doctree('<div class="nhsq">a quiz</div>'), _Env.docname)
    assert list(app.env.nb_metadata[_Env.docname]["js_files"]) == ["thebe"]


def test_a_widget_with_no_html_view_stops_the_build_naming_the_page():
    ext = load_extension("light_pages")
    app = type("App", (), {"env": _Env()})()
    view = '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "x"}</script>'
    with pytest.raises(
        ext.WidgetWithoutHtmlView, match="chapters/99-example: an output is shown as a live widget"
    ):
        ext._drop_widget_scripts(app, _doctree(view), _Env.docname)
