"""Pages carry nothing the book does not use (``_ext/light_pages.py``).

The book shows every widget as its static HTML view, so no page embeds the ipywidgets state or
loads the widget manager (3.6 MB of JavaScript). A chapter page still shows its quizzes and
explorers: the browser tests (tests/test_site_browser.py, tests/test_book_explorers.py) answer
and move them on the same build.
"""

from __future__ import annotations

import re

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


# ---- lightening the written pages ---------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _data_uri(data: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(data).decode()


def test_inline_figures_become_shared_lazy_files():
    ext = load_extension("light_pages")
    page = (
        f'<picture><source media="(max-width: 600px)" srcset="{_data_uri(PNG + b"phone")} 1x">'
        f'<img src="{_data_uri(PNG)}" alt="A chart" width="740" height="440"></picture>'
        f'<p>again</p><img alt="the same chart" src="{_data_uri(PNG)}">'
        '<img src="../_images/logo.png" loading="eager" alt="logo">'
    )
    light, figures = ext.lighten(page, "chapters/02-x.html")
    assert "data:image" not in light
    assert sorted(figures.values()) == sorted([PNG, PNG + b"phone"]), "one file per distinct figure"
    name = next(n for n, data in figures.items() if data == PNG)
    assert name.startswith("_images/figures/") and name.endswith(".png")
    assert light.count(f'src="../{name}"') == 2, "a figure shown twice is one cached file"
    assert f'srcset="../{ext.FIGURES}/' in light and '.png 1x">' in light, "the phone version keeps its 1x"
    assert light.count('loading="lazy"') == 2 and 'loading="eager"' in light, "a loading= already given stays"
    assert 'alt="A chart" width="740" height="440"' in light, "size and alt text are kept"
    # Idempotent: an unchanged page (an incremental build does not rewrite it) is left alone.
    assert ext.lighten(light, "chapters/02-x.html") == (light, {})
    # At the site's root the file is linked without "../".
    root, _ = ext.lighten(f'<img src="{_data_uri(PNG)}">', "intro.html")
    assert f'src="{name}"' in root


def test_the_icon_script_goes_and_the_search_index_stays_only_on_the_search_page():
    ext = load_extension("light_pages")
    head = (
        '  <script defer src="../_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>\n'
        '    <script src="../_static/searchtools.js"></script>\n'
        '    <script src="../searchindex.js"></script>\n'
    )
    light, _ = ext.lighten(head, "chapters/01-x.html")
    assert light == '    <script src="../_static/searchtools.js"></script>\n'
    on_search, _ = ext.lighten(head.replace("../", ""), "search.html")
    assert '<script src="searchindex.js"></script>' in on_search and "fontawesome" not in on_search


def test_icon_fonts_keep_the_icons_pages_name_and_styles_draw(tmp_path):
    ext = load_extension("light_pages")
    (tmp_path / "_static" / "styles").mkdir(parents=True)
    (tmp_path / "_static" / "styles" / "theme.css").write_text(
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-sun:before{content:"\\f185"}'
        '.fa-github:before{content:"\\f09b"}:root{--pst-icon-info-circle:"\uf05a"}'
        '.onthispage:after{content:"\\f107";font-family:x}',
        encoding="utf-8",
    )
    (tmp_path / "_static" / "chrome.js").write_text('icon.className = "fa-solid fa-sun";', encoding="utf-8")
    (tmp_path / "_static" / "unused.js").write_text('"fa-github"', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<i class="fa-solid fa-navicon"></i><script src="_static/chrome.js"></script>', encoding="utf-8"
    )
    assert ext.icons_used(tmp_path) == {0xF0C9, 0xF185, 0xF05A, 0xF107}, (
        "icons named in pages and the scripts they load, and the styles' own; not an unloaded script's"
    )


def test_the_built_books_fonts_draw_every_icon_it_uses(built_site):
    from fontTools.ttLib import TTFont

    ext = load_extension("light_pages")
    used = ext.icons_used(built_site)
    assert {0xF0C9, 0xF002, 0xF185, 0xF186} <= used, "menu, search, light and dark icons"
    fonts = built_site / "_static" / "vendor" / "fontawesome" / "webfonts"
    drawn = set()
    for name in ext.ICON_FONTS:
        font = fonts / f"{name}.woff2"
        assert font.stat().st_size < 20_000, f"{name} still holds icons no page uses"
        drawn |= set(TTFont(str(font)).getBestCmap())
    assert used - drawn == set(), "an icon the book uses is in none of its fonts"


def test_no_built_page_inlines_figures_or_loads_the_icon_script_mathjax_or_search_index(built_site):
    pages = [p for p in built_site.rglob("*.html") if not {"_static", "_sources"} & set(p.parts)]
    assert len(pages) > 30
    figures = built_site / "_images" / "figures"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(built_site).as_posix()
        assert "data:image" not in text, f"{name} still inlines a figure"
        assert "fontawesome.js" not in text and "mathjax" not in text.lower().replace("mathjax_ignore", "")
        assert ("searchindex.js" in text) == (name == "search.html"), name
        for linked in re.findall(r'(?:src|srcset)="((?:\.\./)*_images/figures/[^" ]+)', text):
            assert (page.parent / linked).is_file(), f"{name} links to a missing figure {linked}"
    assert len(list(figures.iterdir())) > 40
