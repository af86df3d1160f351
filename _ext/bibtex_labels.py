"""Sphinx extension: one author–year label per work, in the chapters and on the bibliography page.

sphinxcontrib-bibtex numbers each page's ``{footcite}`` footnotes [1], [2]… while the
bibliography page labels the same works by its own style, so a chapter's "[21]" could not be
found there. This extension

- registers the pybtex label and sorting styles ``author_year`` ("Ham 2014b", "Bevan and Hood 2006a",
  "Propper et al. 2008", "King's Fund 2014a"; an organisation's ``shortauthor`` field, if any,
  replaces its name) and the formatting style ``course`` (pybtex's ``plain`` with those labels),
  chosen in ``_config.yml`` with ``bibtex_default_style: course``;
- after each page is resolved, gives every footnote citation, in the text and in the page's
  reference list, the label the bibliography page gives the same work, and lists the page's
  references in the bibliography's order;
- before a notebook is parsed, turns each citation written for JupyterLab as well,
  ``[\\[Ham 2014c\\]](#ref-ham2014reforming)<!--{footcite:p}`ham2014reforming`-->``, back into the
  role in its comment, so the page is built exactly as from ``{footcite:p}`ham2014reforming```
  (``nhsreform/citations.py`` writes that form and explains why).
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter

from docutils import nodes
from docutils.nodes import make_id
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from sphinx.util import logging

logger = logging.getLogger(__name__)

NO_YEAR = "n.d."
#: A citation written for JupyterLab and the book: the text JupyterLab shows, as a link to the
#: notebook's own list of references, then the role the book reads, in an HTML comment.
JUPYTERLAB_CITATION = re.compile(
    r"\[(?P<text>(?:\\.|[^\[\]\\])*)\]\(#ref-(?P<anchor>[^)\s]+)\)"
    r"<!--(?P<role>\{footcite(?::[a-z]+)?\}`[^`]+`)-->"
)


def _plain(latex: str) -> str:
    """LaTeX (braces, ``\\&``) as plain text."""
    return str(Text.from_latex(latex)).strip()


def _names(entry) -> str:
    if "shortauthor" in entry.fields:
        return _plain(entry.fields["shortauthor"])
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    surnames = []
    for person in people:
        if str(person) == "others":
            return f"{surnames[0]} et al." if surnames else "Anon."
        surname = _plain(" ".join([*person.prelast_names, *person.last_names]))
        if len(people) == 1 and not person.first_names:  # an organisation
            surname = re.sub(r"\s*\(.*\)$", "", surname)
            surname = re.sub(r"^The ", "", surname)
        surnames.append(surname)
    if not surnames:
        return _plain(entry.fields.get("key", entry.key))
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]}"
    return f"{surnames[0]} et al."


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels "Surname year", with a, b, c… after the year for works that would share a label."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        bases = [f"{_names(e)} {e.fields.get('year', NO_YEAR)}" for e in entries]
        counts = Counter(bases)
        seen: Counter[str] = Counter()
        for base in bases:
            if counts[base] == 1:
                yield base
                continue
            letter = string.ascii_lowercase[seen[base]]
            seen[base] += 1
            yield f"{base}-{letter}" if base.endswith(NO_YEAR) else f"{base}{letter}"


class AuthorYearSortingStyle(BaseSortingStyle):
    """By the label's names (so "King's Fund" sorts under K), then year, then title."""

    def sorting_key(self, entry):
        title = _plain(entry.fields.get("title", "")).lower()
        return (_names(entry).lower(), entry.fields.get("year", "9999"), title)


class CourseStyle(PlainStyle):
    """pybtex's ``plain`` style with author–year labels, sorted by those labels."""

    default_label_style = "author_year"
    default_sorting_style = "author_year"


def _relabel_footnote_citations(app, doctree, docname):
    domain = app.env.get_domain("cite")
    order = {}
    labels = {}
    for position, citation in enumerate(domain.citations):
        key = citation.entry.key
        if key not in labels:
            labels[key] = citation.formatted_entry.label
            order[key] = position
    by_id = {make_id(f"footcite-{key}"): key for key in labels}
    relabelled = {}
    for footnote in doctree.findall(nodes.footnote):
        key = next((by_id[i] for i in footnote["ids"] if i in by_id), None)
        if key is None:
            continue
        label = footnote.next_node(nodes.label)
        if label is not None:
            label.children = []
            label += nodes.Text(labels[key])
        relabelled[footnote["ids"][0]] = key
    for reference in doctree.findall(nodes.footnote_reference):
        key = relabelled.get(reference.get("refid"))
        if key is not None:
            reference.children = []
            reference += nodes.Text(labels[key])

    # list each page's references in the bibliography's order, so both read alike
    def key_of(footnote):
        return next((relabelled[i] for i in footnote["ids"] if i in relabelled), None)

    parents = {id(f.parent): f.parent for f in doctree.findall(nodes.footnote) if key_of(f)}
    for parent in parents.values():
        notes = list(parent.children)
        if not all(isinstance(c, nodes.footnote) and key_of(c) for c in notes):
            continue  # a list with anything else in it keeps its order
        notes.sort(key=lambda f: order[key_of(f)])
        parent.children = []
        parent.extend(notes)


def book_markdown(text: str) -> str:
    """Markdown as the book reads it: each citation written for JupyterLab back to its role."""
    return JUPYTERLAB_CITATION.sub(lambda m: m["role"], text)


def book_notebook(raw: str) -> str:
    """A notebook's JSON text with every markdown cell as the book reads it (unchanged if none
    has a citation written for JupyterLab)."""
    if "<!--{footcite" not in raw:
        return raw
    nb = json.loads(raw)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = book_markdown(text)
    return json.dumps(nb, ensure_ascii=False, indent=1)


def _read_citations_for_the_book(app, docname, source):
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    source[0] = book_notebook(source[0])
    for line in source[0].splitlines():
        if "<!--{footcite" in line:  # a citation the pattern did not recognise: it would be lost
            logger.warning(
                "citation not in the form nhsreform.authoring writes (run it on the notebook): %s",
                line.strip()[:200],
                location=docname,
            )


def register_styles():
    register_plugin("pybtex.style.labels", "author_year", AuthorYearLabelStyle, force=True)
    register_plugin("pybtex.style.sorting", "author_year", AuthorYearSortingStyle, force=True)
    register_plugin("pybtex.style.formatting", "course", CourseStyle, force=True)


def setup(app):
    register_styles()
    app.connect("source-read", _read_citations_for_the_book)
    app.connect("doctree-resolved", _relabel_footnote_citations)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
