"""Sphinx extension: serve the book's JavaScript from the site itself, never from a CDN.

- Adds ``_vendor/`` (made by ``scripts/vendor_assets.py`` from pinned npm packages) to
  ``html_static_path`` after Jupyter Book has scanned ``_static/`` — files there would be
  loaded as plain scripts on every page.
- Removes duplicate script tags (sphinx-thebe's inline config is emitted twice with
  Sphinx 7.4, which is a SyntaxError in the browser).
- Fails the build if any page would still load a script from another site.
- Mends accessibility faults in upstream HTML (found by axe-core), by exact string patches:
  in each page's body (``_HTML_FIXES``: docutils gives the citation list ``role="list"``
  although its children are not list items; myst-nb's "Show code cell source" toggles carry an
  aria-label that differs from their visible text) and in the theme's templates
  (``_TEMPLATE_FIXES``: pydata-sphinx-theme's search field and colour-mode buttons, whose
  accessible names do not contain their visible labels). A patch whose upstream text is no
  longer there is a Sphinx warning, which fails the strict build: upstream has changed, and the
  fix must be checked (and dropped if upstream mended the fault itself).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _add_vendor(app, config):
    vendor = Path(app.srcdir) / "_vendor"
    if not (vendor / "widgets" / "embed-amd.js").exists():
        raise ExtensionError(
            "_vendor/ is missing: run `npm ci && python scripts/vendor_assets.py` "
            "(scripts/setup.sh does this)"
        )
    config.html_static_path = [*config.html_static_path, "_vendor"]


def _script_key(script):
    filename = getattr(script, "filename", script) or ""  # inline scripts: None or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename), attributes.get("body", ""))


# (upstream text, replacement, marker): where a page's body has the marker (the construct the
# fix is for), the upstream text must be there too; otherwise upstream has changed its markup.
_HTML_FIXES = (
    ('<div role="list" class="citation-list">', '<div class="citation-list">', 'class="citation-list"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>", '<details class="admonition hide '),
)

# (theme template, upstream text, replacement): pydata-sphinx-theme 0.17's components, patched
# copies of which are put first on the template path. axe-core's label-content-name-mismatch:
# - the search field shows "Search Ctrl+K" but its aria-label names it "Search": without the
#   aria-label its name is what it shows;
# - the colour-mode button is named "Color mode", but Font Awesome turns each icon's title into
#   an SVG <title>, which counts as visible text ("Light"): the icons lose their titles (the
#   button's name and tooltip, "Color mode", say what it does; the icon shows the mode).
_TEMPLATE_FIXES = (
    (
        "search-button-field.html",
        """title="{{ _('Search') }}" aria-label="{{ _('Search') }}" data-bs-placement""",
        """title="{{ _('Search') }}" data-bs-placement""",
    ),
    ("theme-switcher.html", 'data-mode="light" title="{{ _(\'Light\') }}"', 'data-mode="light"'),
    ("theme-switcher.html", 'data-mode="dark"  title="{{ _(\'Dark\') }}"', 'data-mode="dark"'),
    ("theme-switcher.html", 'data-mode="auto"  title="{{ _(\'System Settings\') }}"', 'data-mode="auto"'),
)
_THEMES_PATCHED = ("sphinx_book_theme", "pydata_sphinx_theme")


def _mend_body(context, pagename: str = "") -> None:
    body = context.get("body")
    if body:
        for old, new, marker in _HTML_FIXES:
            if old in body:
                body = body.replace(old, new)
            elif marker in body:
                logger.warning(
                    f"upstream HTML has changed: '{marker}' is on the page but not "
                    f"'{old}', which _HTML_FIXES in _ext/offline_assets.py mends; check the fix",
                    type="offline_assets",
                    subtype="html_fix",
                    location=pagename or None,
                )
        context["body"] = body


def _upstream_template(config, confdir: str, name: str, ours: Path) -> Path | None:
    """The file Sphinx would load for ``name``: the first on the template path (the theme's
    components are on it), else pydata-sphinx-theme's own."""
    import pydata_sphinx_theme

    dirs = [Path(confdir, d) for d in config.templates_path if Path(confdir, d) != ours]
    dirs.append(Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "components")
    return next((d / name for d in dirs if (d / name).is_file()), None)


def patch_templates(app, config) -> Path | None:
    """Write patched copies of the theme templates named in ``_TEMPLATE_FIXES`` (in the build
    folder) and put their folder first on the template path. A file is rewritten only when its
    text changes (Sphinx rewrites every page when a template is newer); a copy no fix asks for
    any more is removed."""
    if config.html_theme not in _THEMES_PATCHED:
        return None
    ours = Path(app.doctreedir).parent / "_nhs_templates"
    texts: dict[str, str] = {}
    for name, old, new in _TEMPLATE_FIXES:
        if name not in texts:
            source = _upstream_template(config, app.confdir, name, ours)
            if source is None:
                logger.warning(
                    f"theme template {name} not found; _TEMPLATE_FIXES in "
                    "_ext/offline_assets.py patches it: check the fix",
                    type="offline_assets",
                    subtype="template_fix",
                )
                continue
            texts[name] = source.read_text(encoding="utf-8")
        if old not in texts[name]:
            logger.warning(
                f"theme template {name} has changed: it no longer contains '{old}', "
                "which _TEMPLATE_FIXES in _ext/offline_assets.py patches; check the fix",
                type="offline_assets",
                subtype="template_fix",
            )
            continue
        texts[name] = texts[name].replace(old, new)
    ours.mkdir(parents=True, exist_ok=True)
    for stale in ours.glob("*.html"):
        if stale.name not in texts:
            stale.unlink()
    for name, text in texts.items():
        target = ours / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    config.templates_path = [str(ours), *[t for t in config.templates_path if Path(app.confdir, t) != ours]]
    return ours


def _dedupe_and_check(app, pagename, templatename, context, doctree):
    _mend_body(context, pagename)
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        key = _script_key(script)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
        name = key[0]
        if name.startswith(("http://", "https://", "//")):
            raise ExtensionError(f"{pagename}: a script would load from another site: {name}")
    scripts[:] = kept  # in place: later handlers (myst-nb's widget scripts) append to this list


def setup(app):
    app.connect("config-inited", _add_vendor, priority=900)
    app.connect("config-inited", patch_templates, priority=900)
    # Last, after the themes and sphinx-thebe have added their scripts.
    app.connect("html-page-context", _dedupe_and_check, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
