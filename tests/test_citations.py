"""Citations and glossary terms that read well in JupyterLab and build exactly as before in the book
(``nhsreform/citations.py``, ``_ext/bibtex_labels.py``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from nhsreform import citations
from nhsreform.citations import CELL_ID, ROLE

from .conftest import ROOT, notebooks

ALL = [*notebooks(), *sorted((ROOT / "templates").glob("*.ipynb"))]
BOOK_LABELS = citations._bibtex_labels()


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown(cell) -> str:
    return "".join(cell["source"])


def test_labels_are_the_books():
    works = citations.works()
    assert works["ham2014reforming"].label == "Ham 2014c"  # as bibliography.md says
    assert works["bevan2006public"].names == "Bevan and Hood"
    labels = [w.label for w in works.values()]
    assert len(labels) == len(set(labels)), "two works share a label"


def test_a_citation_is_written_for_both_renderers_and_read_back_by_the_book():
    text = (
        "The report {footcite:p}`ham2014reforming`, as {footcite:t}`bevan2006public` found\n"
        "{footcite:p}`bevan2006bmj,ham2014reforming`."
    )
    both = citations.rewrite(text)
    assert "[\\[Ham 2014c\\]](#ref-ham2014reforming)<!--{footcite:p}`ham2014reforming`-->" in both
    assert "[Bevan and Hood \\[2006b\\]](#ref-bevan2006public)<!--{footcite:t}`bevan2006public`-->" in both
    assert "[\\[Bevan and Hood 2006a; Ham 2014c\\]](#ref-bevan2006bmj)" in both
    assert citations.rewrite(both) == both  # current citations are left alone
    assert BOOK_LABELS.book_markdown(both) == text
    # wrapped over two lines, a label is still read back and still current
    wrapped = both.replace("Bevan and Hood \\[2006b", "Bevan and\nHood \\[2006b")
    assert BOOK_LABELS.book_markdown(wrapped) == text
    assert citations.rewrite(wrapped) == wrapped


def test_a_bare_or_stale_citation_is_reported():
    title = {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Title"}
    bare = dict(title, source="Text {footcite:p}`ham2014reforming`.")
    found = citations.notebook_problems([title, bare], "x.ipynb")
    assert any("bare keys in JupyterLab" in p and "ham2014reforming" in p for p in found), found
    stale = dict(
        title, source="Text [\\[Ham 2014a\\]](#ref-ham2014reforming)<!--{footcite:p}`ham2014reforming`-->."
    )
    found = citations.notebook_problems([title, stale], "x.ipynb")
    assert any("label is out of date" in p for p in found), found
    unknown = dict(title, source="Text {footcite:p}`nosuchwork2099`.")
    nb = {"cells": [title, unknown]}
    with pytest.raises(
        citations.CitationError, match="x.ipynb cell 1: 'nosuchwork2099' is not in any .bib file"
    ):
        citations.update_notebook(nb, "x.ipynb")


def test_the_jupyterlab_cell_is_written_and_kept_current():
    title = {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Title"}
    body = dict(title, id="b", source="A {term}`trusts <trust>` and {footcite:p}`ham2014reforming`.")
    nb = {"cells": [title, body]}
    citations.update_notebook(nb, "x.ipynb")
    last = nb["cells"][-1]
    assert last["id"] == CELL_ID and last["metadata"]["tags"] == ["remove-cell"]
    text = _markdown(last)
    assert "```{glossary}\ntrust\n: " in text
    assert "(ref-ham2014reforming)=\n\\[Ham 2014c\\] Chris Ham." in text
    assert citations.notebook_problems(nb["cells"], "x.ipynb") == []
    nb["cells"][1]["source"] = "A {term}`PbR` now."  # the citation removed, another term used
    assert any("out of date" in p for p in citations.notebook_problems(nb["cells"], "x.ipynb"))
    citations.update_notebook(nb, "x.ipynb")
    assert len(nb["cells"]) == 3 and "ref-" not in _markdown(nb["cells"][-1])
    assert "\nPbR\n: Payment by Results (PbR)" in _markdown(nb["cells"][-1])


@pytest.mark.parametrize("nb", ALL, ids=lambda p: p.name)
def test_citations_show_author_year_labels_in_jupyterlab(nb):
    """No citation would show its bare bibtex key in JupyterLab; every label, the references and
    the glossary cell are current (fix: .venv/bin/python -m nhsreform.authoring <notebook>)."""
    cells = _cells(nb)
    found = citations.notebook_problems(cells, nb.name)
    assert not found, (
        "\n".join(found) + f"\nfix: .venv/bin/python -m nhsreform.authoring {nb.relative_to(ROOT)}"
    )
    keys = {k.lower() for k in citations.works()}
    pattern = citations.citation_pattern()
    for cell in cells:
        if cell["cell_type"] != "markdown" or cell.get("id") == CELL_ID:
            continue
        text = _markdown(cell)
        assert not ROLE.search(pattern.sub("", text)), text[:200]
        for m in pattern.finditer(text):
            shown = " ".join(m["text"].split())
            assert not set(re.findall(r"[\w-]+", shown.lower())) & keys, shown
            assert re.search(r"(1[89]|20)\d\d[a-z]?\\\]|n\.d\.(-[a-z])?\\\]", shown), shown


@pytest.mark.parametrize("nb", ALL, ids=lambda p: p.name)
def test_the_book_reads_exactly_the_roles(nb):
    """What the book parses: every citation back to its role, nothing left over, and the
    JupyterLab cell left out (tagged remove-cell)."""
    raw = nb.read_text(encoding="utf-8")
    book = json.loads(BOOK_LABELS.book_notebook(raw))
    for before, after in zip(json.loads(raw)["cells"], book["cells"], strict=True):
        if before["cell_type"] != "markdown" or before.get("id") == CELL_ID:
            continue
        text, read = _markdown(before), _markdown(after)
        assert "<!--{footcite" not in read and "](#ref-" not in read, read[:300]
        assert [m["keys"] for m in ROLE.finditer(read)] == [
            ROLE.fullmatch(m["role"])["keys"] for m in citations.citation_pattern().finditer(text)
        ]
    generated = [c for c in book["cells"] if c.get("id") == CELL_ID]
    assert all("remove-cell" in c["metadata"]["tags"] for c in generated)


def test_the_books_extension_rewrites_notebooks_before_parsing(tmp_path):
    raw = json.dumps(
        {
            "cells": [
                {
                    "cell_type": "markdown",
                    "metadata": {},
                    "source": [citations.rewrite("See {footcite:t}`ham2014reforming`.")],
                }
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )
    app = SimpleNamespace(env=SimpleNamespace(doc2path=lambda docname: tmp_path / f"{docname}.ipynb"))
    source = [raw]
    BOOK_LABELS._read_citations_for_the_book(app, "chapters/x", source)
    assert json.loads(source[0])["cells"][0]["source"] == "See {footcite:t}`ham2014reforming`."
    app.env.doc2path = lambda docname: tmp_path / f"{docname}.md"  # Markdown pages are left alone
    source = [raw]
    BOOK_LABELS._read_citations_for_the_book(app, "intro", source)
    assert source[0] == raw


def test_the_tool_refuses_an_unknown_key_and_leaves_the_notebook(tmp_path, capsys):
    from nhsreform.authoring import main

    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "id": "a",
                "metadata": {},
                "source": "# T\n\nSee {footcite:p}`nosuch2099`.",
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert main([str(path)]) == 2
    assert "bad.ipynb cell 0: 'nosuch2099' is not in any .bib file" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == before
