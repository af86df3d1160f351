"""Sphinx extension: the book's chrome (search index, glossary previews) made to work for students.

- **Search index**: Sphinx indexes every word of a page's doctree, including the source of code
  cells and the text of raw-HTML quizzes, so a search for "foundation trust" found pages by their
  Python source. The HTML builder's ``index_page`` is wrapped so the indexer sees a copy of the
  doctree without code-cell inputs (myst-nb's ``cell_input`` containers) and without quiz markup
  (raw HTML carrying ``data-nhsq``); the page itself is written unchanged. The snippets under each
  search result are cut from the fetched page by ``_static/book-chrome.js``, which leaves out the
  same things and the header buttons ("Binder", "Repository").
- **Glossary synonyms in search**: an entry of the glossary whose definition gives one of its names
  in brackets, the way the glossary writes abbreviations ("Payment by Results (PbR): ...",
  "Mid Staffordshire NHS Foundation Trust ("Mid Staffs")"), makes its names synonyms. The indexer's
  copy of every page that uses one of the names gets all of them, and one made-up word for the
  whole group (``midstaffordshire``), so "PbR" finds the chapter that says "Payment by Results".
  The search page gets the groups as JSON (``#nhs-search-synonyms``); ``_static/book-chrome.js``
  turns a name of several words typed in the search box ("Mid Staffs", "mid staffs") into the
  group's word, so the search finds the pages that use the name, not every page that has "mid"
  somewhere and "staff" somewhere else, and highlights the names on the page opened.
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
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

TIPS_ID = "nhs-term-tips"
SYNONYMS_ID = "nhs-search-synonyms"
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


class SynonymGroup:
    """The names of one glossary entry that are synonyms, and the made-up word that stands for them
    all in the search index."""

    def __init__(self, names: list[str]):
        self.names = names
        self.token = re.sub(r"\W+", "", max(names, key=len)).lower()
        self._patterns = [_name_pattern(n) for n in names]

    def used_in(self, text: str) -> bool:
        return any(p.search(text) for p in self._patterns)


def _is_abbreviation(name: str) -> bool:
    """One short word with a capital after its first letter, such as "PbR", "FT" or "NHSI"."""
    return " " not in name and len(name) <= 6 and any(c.isupper() for c in name[1:])


def _name_pattern(name: str) -> re.Pattern:
    """A name as whole words, any spacing between them, with or without a plural "s". Abbreviations
    keep their case ("FT" is not "ft"); other names ignore it."""
    words = re.findall(r"\w+", name)
    pattern = r"\b" + r"\W+".join(map(re.escape, words)) + r"s?\b"
    return re.compile(pattern, 0 if _is_abbreviation(name) else re.IGNORECASE)


def synonym_groups_in(doctree: nodes.document) -> list[SynonymGroup]:
    """The synonym groups of the glossaries in ``doctree``: the names of an entry whose definition
    gives one of them in brackets, as in "Payment by Results (PbR): ..." or
    '... NHS Foundation Trust ("Mid Staffs")'. Entries that define two related ideas together
    ("association", "causation") say no such thing, so they are not synonyms."""
    groups = []
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            names = [" ".join(term.astext().split()) for term in item.findall(nodes.term)]
            definition = " ".join(
                " ".join(d.astext().split()) for d in item.children if isinstance(d, nodes.definition)
            )
            bracketed = any(
                re.search(r"\(\s*[\"“”']?" + re.escape(name) + r"[\"“”']?\s*\)", definition) for name in names
            )
            if len(names) > 1 and bracketed:
                groups.append(SynonymGroup(names))
    return groups


def synonym_groups(app) -> list[SynonymGroup]:
    """Every synonym group of the book's glossaries (read once per build)."""
    cache = getattr(app, "_nhs_synonyms", None)
    if cache is not None:
        return cache
    std = app.env.get_domain("std")
    docnames = sorted({docname for (objtype, _), (docname, _) in std.objects.items() if objtype == "term"})
    cache = [group for docname in docnames for group in synonym_groups_in(app.env.get_doctree(docname))]
    app._nhs_synonyms = cache
    return cache


def add_synonyms(doctree: nodes.document, groups: list[SynonymGroup]) -> nodes.document:
    """``doctree`` (the indexer's copy) with, for each group a page uses, a paragraph of all its names
    and the group's word: what the search index sees, never the page."""
    text = doctree.astext()
    words = []
    for group in groups:
        if group.used_in(text):
            words += [*group.names, group.token]
    if words:
        doctree += nodes.paragraph(text=" ".join(words))
    return doctree


def _wrap_index_page(app):
    builder = app.builder
    original = getattr(builder, "index_page", None)
    if original is None or getattr(original, "_nhs_pruned", False):
        return

    def index_page(pagename, doctree, title):
        return original(pagename, add_synonyms(prune_for_search(doctree), synonym_groups(app)), title)

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


def _add_search_synonyms(app, pagename, templatename, context, doctree):
    """On the search page only: the synonym groups, with the word that stands for each group in
    the search index (stemmed as the indexer stems it)."""
    if pagename != "search":
        return
    indexer = getattr(app.builder, "indexer", None)
    stem = indexer.lang.stem if indexer is not None else str.lower
    groups = [{"names": g.names, "token": stem(g.token).lower()} for g in synonym_groups(app)]
    data = json.dumps({"groups": groups}, ensure_ascii=False).replace("</", "<\\/")
    app.add_js_file(None, body=data, type="application/json", id=SYNONYMS_ID)


def _reset_cache(app, env, docnames):
    app._nhs_term_tips = None
    app._nhs_synonyms = None


def setup(app):
    app.connect("builder-inited", _wrap_index_page)
    app.connect("env-before-read-docs", _reset_cache)
    app.connect("html-page-context", _add_term_tips)
    app.connect("html-page-context", _add_search_synonyms)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
