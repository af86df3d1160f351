"""Sphinx extension: serve the book's JavaScript from the site itself, never from a CDN.

- Adds ``_vendor/`` (made by ``scripts/vendor_assets.py`` from pinned npm packages) to
  ``html_static_path`` after Jupyter Book has scanned ``_static/`` — files there would be
  loaded as plain scripts on every page.
- Removes duplicate script tags (sphinx-thebe's inline config is emitted twice with
  Sphinx 7.4, which is a SyntaxError in the browser).
- Fails the build if any page would still load a script from another site.
- Mends two accessibility faults in upstream HTML (found by axe-core): docutils gives the
  citation list ``role="list"`` although its children are not list items, and myst-nb's
  "Show code cell source" toggles carry an aria-label that differs from their visible text.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError


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


_HTML_FIXES = (
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
)


def _mend_body(context) -> None:
    body = context.get("body")
    if body:
        for old, new in _HTML_FIXES:
            body = body.replace(old, new)
        context["body"] = body


def _dedupe_and_check(app, pagename, templatename, context, doctree):
    _mend_body(context)
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
    # Last, after the themes and sphinx-thebe have added their scripts.
    app.connect("html-page-context", _dedupe_and_check, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
