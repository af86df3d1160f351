"""Sphinx extension: pages carry nothing the book does not use.

In the built book every widget (quiz, model explorer) shows its static HTML view
(``nb_mime_priority_overrides`` in ``_config.yml``), so the ipywidgets state that myst-nb embeds
in each notebook page (the widgets' full state, images included: 250 kB on chapter 2) and the
widget manager it loads to render it (3.6 MB of JavaScript) are never used. This extension
drops both from every page. Should an output ever be shown as a widget view (a widget with no
HTML view), the build stops naming the page, since without the manager it would show nothing.
"""

from __future__ import annotations

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


def setup(app):
    app.connect("doctree-resolved", _drop_widget_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
