"""Sphinx extension: pages carry nothing the book does not use, and load little before the reader
scrolls (the budget: 1.5 MB and 0.5 s to the load event on a cold cache; measured by
``scripts/benchmark.py --pages`` and tested on every page by tests/test_page_budget.py).

1. Widgets. In the built book every widget (quiz, model explorer) shows its static HTML view
(``nb_mime_priority_overrides`` in ``_config.yml``), so the ipywidgets state that myst-nb embeds
in each notebook page (the widgets' full state, images included: 250 kB on chapter 2) and the
widget manager it loads to render it (3.6 MB of JavaScript) are never used. This extension
drops both from every page. Should an output ever be shown as a widget view (a widget with no
HTML view), the build stops naming the page, since without the manager it would show nothing.

2. When the HTML build finishes, every page is lightened (``lighten``; it is idempotent, so pages
an incremental build did not rewrite are simply left as they are):

- figures drawn into the page as ``data:`` images (charts, model explorers, and their phone
  versions in ``<source srcset>``) become files in
  ``_images/figures/``, named by a hash of their bytes (the browser caches them, and a page
  shares one with another), loaded lazily: a figure below the screen loads when the reader
  reaches it. Every other image is lazy too.
- pydata-sphinx-theme's Font Awesome script (1.5 MB on every page, to turn a dozen icons into
  SVG) is not loaded: its CSS already draws the same icons from the icon font;
- the icon fonts (0.3 MB) and the theme's stylesheet (85 kB of rules for 2,000 icon classes)
  keep only the icons the book uses: those named by a class (``fa-bars``) in a page or a script
  it loads, and those the theme's styles draw themselves (admonition and link icons)
  (``lighten_icons``, from the theme's own files at every build);
- the search index (0.18 MB, and a script that blocks the page from showing) is loaded on the
  search page only: with ``search_as_you_type`` off (the default), the theme's search box on other
  pages only sends the reader to that page.

Formulas are drawn as MathML when the page is written (``_ext/mathml.py``), so no page loads
MathJax (1.2 MB). And the browser lays out a long page's sections only as the reader reaches
them (``content-visibility`` in ``_static/book-chrome.css``): about 150 ms less to the load event
on a chapter.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.errors import SphinxError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class WidgetWithoutHtmlView(SphinxError):
    category = "Widget without an HTML view"


def _drop_widget_scripts(app, doctree, docname: str) -> None:
    """After myst-nb has chosen each output's format for the builder (its post-transforms), and
    before the page's scripts are listed (``html-page-context``)."""
    env = app.env
    for node in doctree.findall(nodes.raw):
        if WIDGET_VIEW in node.astext():
            raise WidgetWithoutHtmlView(
                f"{docname}: an output is shown as a live widget, which the book cannot run; give the "
                "widget an HTML view (a text/html entry in its _repr_mimebundle_)"
            )
    js_files = getattr(env, "nb_metadata", {}).get(docname, {}).get("js_files", {})
    for key in [k for k in js_files if k.startswith("ipywidgets")]:
        del js_files[key]


FIGURES = "_images/figures"
_DATA_IMAGE = re.compile(
    r'(\s(?:src|srcset)=")data:image/(png|jpeg|gif|webp|svg\+xml);base64,([A-Za-z0-9+/=]+)'
)
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg+xml": "svg"}
_EAGER_IMG = re.compile(r"<img\b(?![^>]*\bloading=)")
_FONTAWESOME = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')
_SEARCH_INDEX = re.compile(r'[ \t]*<script src="(?:\.\./)*searchindex\.js"></script>\n?')


def lighten(html: str, page: str) -> tuple[str, dict[str, bytes]]:
    """The page ``html`` (its path in the site, ``page``, as ``chapters/x.html``) made light, and
    the figure files it now links to (paths in the site → bytes)."""
    depth = page.count("/")
    up = "../" * depth
    figures: dict[str, bytes] = {}

    def to_file(match: re.Match) -> str:
        data = base64.b64decode(match.group(3))
        name = f"{FIGURES}/{hashlib.sha256(data).hexdigest()[:20]}.{_EXTENSIONS[match.group(2)]}"
        figures[name] = data
        return f"{match.group(1)}{up}{name}"

    html = _DATA_IMAGE.sub(to_file, html)
    html = _EAGER_IMG.sub('<img loading="lazy" decoding="async"', html)
    html = _FONTAWESOME.sub("", html)
    if page != "search.html":
        html = _SEARCH_INDEX.sub("", html)
    return html, figures


_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+::?before,?)+)\{content:"\\([0-9a-f]{4,5})"\}')
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
_ESCAPED = re.compile(r"\\([ef][0-9a-f]{3})\b")
_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="(?!https?:|//)([^"?#]+)')
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
ICON_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"


def icons_used(site: Path) -> set[int]:
    """The icon font code points the built ``site`` can show."""
    styles = [p.read_text(encoding="utf-8") for p in (site / "_static").rglob("*.css")]
    named: set[str] = set()
    scripts: set[Path] = set()
    for page in site.rglob("*.html"):
        if "_sources" in page.parts or "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        named.update(_ICON_CLASS.findall(text))
        scripts.update((page.parent / src).resolve() for src in _SCRIPT.findall(text))
    for script in scripts:  # the scripts pages load (they may add icons)
        if script.is_file():
            named.update(_ICON_CLASS.findall(script.read_text(encoding="utf-8", errors="replace")))
    used: set[int] = set()
    for text in styles:
        for rule in _ICON_RULE.finditer(text):
            if named & set(_ICON_CLASS.findall(rule.group(1))):
                used.add(int(rule.group(2), 16))
        rest = _ICON_RULE.sub("", text)  # icons the styles draw themselves (admonitions, links)
        used.update(int(code, 16) for code in _ESCAPED.findall(rest))
        used.update(ord(c) for c in _PRIVATE_USE.findall(rest))
    return used


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def _write(target: Path, data: bytes) -> None:
    """Replace ``target`` whole (a reader never sees half a file)."""
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


def lighten_icons(site: Path) -> dict[str, int]:
    """Keep only the icons the site uses, in the theme's fonts and in its stylesheet (whose
    rules for Font Awesome's 2,000 icon classes are a fifth of it). Always made from the theme's
    originals, so an icon a later build starts to use is there. Returns the new sizes (bytes)."""
    from fontTools import subset

    static = _theme_static()
    sheet = site / THEME_CSS
    if not sheet.is_file():
        return {}
    original_css = (static / THEME_CSS.removeprefix("_static/")).read_text(encoding="utf-8")
    sheet.write_text(original_css, encoding="utf-8")  # icons_used reads the full rules
    used = icons_used(site)
    sizes = {}
    for name in ICON_FONTS:
        source = static / "vendor" / "fontawesome" / "webfonts" / f"{name}.woff2"
        target = site / "_static" / "vendor" / "fontawesome" / "webfonts" / f"{name}.woff2"
        if not (source.exists() and target.parent.is_dir()):
            continue
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=used & set(font.getBestCmap()))
        subsetter.subset(font)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        subset.save_font(font, str(temporary), options)
        temporary.replace(target)
        sizes[name] = target.stat().st_size

    def keep_if_used(rule: re.Match) -> str:
        return rule.group(0) if int(rule.group(2), 16) in used else ""

    _write(sheet, _ICON_RULE.sub(keep_if_used, original_css).encode("utf-8"))
    sizes[THEME_CSS] = sheet.stat().st_size
    return sizes


def _lighten_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        if page.startswith(("_static/", "_images/", "_sources/")):
            continue
        text = path.read_text(encoding="utf-8")
        light, figures = lighten(text, page)
        for name, data in figures.items():
            target = site / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                _write(target, data)
        if light != text:
            path.write_text(light, encoding="utf-8")
    lighten_icons(site)


def setup(app):
    app.connect("doctree-resolved", _drop_widget_scripts)
    app.connect("build-finished", _lighten_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
