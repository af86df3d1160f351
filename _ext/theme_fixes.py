"""Sphinx extension: the book's chrome (search index, glossary previews) made to work for students.

- **Search index**: Sphinx indexes every word of a page's doctree, including the source of code
  cells and the text of raw-HTML quizzes, so a search for "foundation trust" found pages by their
  Python source. The HTML builder's ``index_page`` is wrapped so the indexer sees a copy of the
  doctree without code-cell inputs (myst-nb's ``cell_input`` containers) and without quiz markup
  (raw HTML carrying ``data-nhsq``); the page itself is written unchanged. The snippets under each
  search result are cut from the fetched page by ``_static/book-chrome.js``, which leaves out the
  same things and the header buttons ("Binder", "Repository").
- **Glossary previews**: each page that links a glossary term (``#term-...``) gets the plain text
  of those terms' definitions as a JSON script (``#nhs-term-tips``), which
  ``_static/book-chrome.js`` shows as a tooltip on hover and keyboard focus, without a request and
  without leaving the page. Citations need no data: their reference is on the same page.

The page script and styles (``_static/book-chrome.js``, ``_static/book-chrome.css``) are loaded on
every page by Jupyter Book, like every file in ``_static/``.
"""

from __future__ import annotations

import json
import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

TIPS_ID = "nhs-term-tips"
MAX_TIP_CHARS = 420
_TERM_HREF = re.compile(r'href="[^"#]*#(term-[^"]+)"')


def _is_hidden_from_search(node: nodes.Node) -> bool:
    """Code-cell source and quiz markup: never prose a student searches for."""
    if isinstance(node, nodes.raw):
        return "data-nhsq" in node.astext()
    if isinstance(node, nodes.Element):
        classes = node.get("classes", [])
        return "cell_input" in classes or "nhsq" in classes
    return False


def prune_for_search(doctree: nodes.document) -> nodes.document:
    """A copy of ``doctree`` without the nodes the search index must not see."""
    copy = doctree.deepcopy()
    for node in list(copy.findall(_is_hidden_from_search)):
        if node.parent is not None:
            node.parent.remove(node)
    return copy


def _wrap_index_page(app):
    builder = app.builder
    original = getattr(builder, "index_page", None)
    if original is None or getattr(original, "_nhs_pruned", False):
        return

    def index_page(pagename, doctree, title):
        return original(pagename, prune_for_search(doctree), title)

    index_page._nhs_pruned = True
    builder.index_page = index_page


def _definition_text(app, docname: str, labelid: str) -> str | None:
    doctree = app.env.get_doctree(docname)
    for term in doctree.findall(nodes.term):
        if labelid in term["ids"]:
            item = term.parent
            definitions = [d for d in item.children if isinstance(d, nodes.definition)]
            if not definitions:
                return None
            text = " ".join(" ".join(d.astext().split()) for d in definitions)
            if len(text) > MAX_TIP_CHARS:
                text = text[: MAX_TIP_CHARS - 1].rsplit(" ", 1)[0] + "…"
            return text
    return None


def glossary_definitions(app) -> dict[str, str]:
    """``{"term-CQC": "The Care Quality Commission ..."}`` for every glossary term in the book."""
    cache = getattr(app, "_nhs_term_tips", None)
    if cache is not None:
        return cache
    cache = {}
    std = app.env.get_domain("std")
    for (objtype, _name), (docname, labelid) in std.objects.items():
        if objtype != "term" or labelid in cache:
            continue
        text = _definition_text(app, docname, labelid)
        if text:
            cache[labelid] = text
    app._nhs_term_tips = cache
    return cache


def _add_term_tips(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body:
        return
    wanted = set(_TERM_HREF.findall(body))
    if not wanted:
        return
    definitions = glossary_definitions(app)
    tips = {labelid: definitions[labelid] for labelid in sorted(wanted) if labelid in definitions}
    missing = sorted(wanted - tips.keys())
    if missing:
        logger.warning(
            f"glossary links without a definition to preview: {', '.join(missing)}",
            type="theme_fixes",
            subtype="term_tips",
            location=pagename,
        )
    data = json.dumps(tips, ensure_ascii=False).replace("</", "<\\/")
    context["body"] = body + f'<script type="application/json" id="{TIPS_ID}">{data}</script>'


def _reset_cache(app, env, docnames):
    app._nhs_term_tips = None


def setup(app):
    app.connect("builder-inited", _wrap_index_page)
    app.connect("env-before-read-docs", _reset_cache)
    app.connect("html-page-context", _add_term_tips)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
