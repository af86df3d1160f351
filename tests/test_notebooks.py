"""Notebook hygiene and the course template: stored without outputs, listed in the TOC, every
chapter with the sections the course promises, every figure with alt text, no network and no
file writing from notebooks. (nbval, run by the same pytest command, executes them.)"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT, notebooks, toc_documents

NOTEBOOKS = notebooks()
CHAPTERS = [nb for nb in NOTEBOOKS if nb.parent.name == "chapters"]
EXERCISES = [nb for nb in NOTEBOOKS if nb.parent.name == "exercises"]


def cells(nb):
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def markdown(nb) -> str:
    return "\n".join(source(c) for c in cells(nb) if c["cell_type"] == "markdown")


def code(nb) -> str:
    return "\n".join(source(c) for c in cells(nb) if c["cell_type"] == "code")


def test_there_are_chapters_and_exercises():
    assert CHAPTERS and EXERCISES


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs(nb):
    for c in cells(nb):
        if c["cell_type"] == "code":
            assert c.get("outputs") == [] and c.get("execution_count") is None, source(c)[:80]


def test_every_notebook_is_in_the_toc_and_vice_versa():
    docs = set(toc_documents())
    assert {f"{nb.parent.name}/{nb.stem}" for nb in NOTEBOOKS} <= docs
    for doc in docs:
        assert (ROOT / f"{doc}.ipynb").exists() or (ROOT / f"{doc}.md").exists(), doc


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_follows_the_template(nb):
    text = markdown(nb)
    for heading in ("Learning objectives", "Time to learn", "Key takeaways",
                    "Discussion questions", "Further reading", "References"):
        assert heading.lower() in text.lower(), f"missing: {heading}"
    assert "{footbibliography}" in text
    assert re.search(r"show_quiz\(\"chapter\d\d\"\)", code(nb)), "a chapter ends with its quiz"
    assert "_explorer(" in code(nb) or "show_figure(" in code(nb), "an interactive model or data figure"


@pytest.mark.parametrize("nb", EXERCISES, ids=lambda p: p.name)
def test_exercise_has_checks_and_hidden_solutions(nb):
    text = markdown(nb)
    assert "time to learn" in text.lower() and "{footbibliography}" in text
    solutions = [c for c in cells(nb) if source(c).lstrip().startswith("# Solution")]
    assert solutions, "worked solutions"
    for c in solutions:
        assert "hide-cell" in c["metadata"].get("tags", []), "hidden in the book until asked for"
        assert c["metadata"].get("jupyter", {}).get("source_hidden"), "collapsed in JupyterLab"
        assert "check(" in source(c) or "show_figure(" in source(c), "each solution is checked or drawn"
    assert sum("check(" in source(c) for c in solutions) >= 3, "automatic feedback on answers"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_have_alt_text(nb):
    src = code(nb)
    for call in re.finditer(r"show_figure\(", src):
        window = src[call.end(): call.end() + 800]
        assert "alt=" in window, "every figure is shown with alt text"
    assert "plt.show()" not in src, "figures go through show_figure (alt text), not plt.show()"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_no_network_and_no_file_writing(nb):
    src = code(nb)
    for pattern in (r"https?://", r"urlopen", r"requests\.", r"read_csv\(\s*['\"]http",
                    r"\.to_csv\(", r"\.savefig\(", r"\bopen\(", r"\.to_excel\("):
        assert not re.search(pattern, src), f"{nb.name}: {pattern}"
