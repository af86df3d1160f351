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


@pytest.mark.parametrize(
    "nb", [*NOTEBOOKS, *sorted((ROOT / "templates").glob("*.ipynb"))], ids=lambda p: p.name
)
def test_stored_without_outputs(nb):
    for c in cells(nb):
        if c["cell_type"] == "code":
            assert c.get("outputs") == [] and c.get("execution_count") is None, source(c)[:80]


def test_every_notebook_is_in_the_toc_and_vice_versa():
    docs = set(toc_documents())
    assert {f"{nb.parent.name}/{nb.stem}" for nb in NOTEBOOKS} <= docs
    for doc in docs:
        assert (ROOT / f"{doc}.ipynb").exists() or (ROOT / f"{doc}.md").exists(), doc


TEMPLATES = ROOT / "templates"


@pytest.mark.parametrize("nb", [*CHAPTERS, TEMPLATES / "chapter.ipynb"], ids=lambda p: p.name)
def test_chapter_follows_the_template(nb):
    text = markdown(nb)
    for heading in (
        "Learning objectives",
        "Time to learn",
        "Key takeaways",
        "Discussion questions",
        "Further reading",
        "References",
    ):
        assert heading.lower() in text.lower(), f"missing: {heading}"
    assert "{footbibliography}" in text
    assert re.search(r"show_quiz\(\"ch\d\d\"\)", code(nb)), "a chapter ends with its quiz"
    assert "_explorer(" in code(nb) or "show_figure(" in code(nb), "an interactive model or data figure"


#: The longest code cell a chapter may show. Figure and model logic lives in the tested package
#: (``nhsreform.charts``, ``nhsreform.models``); a chapter cell says what is loaded and drawn.
MAX_CHAPTER_CODE_LINES = 15


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_code_cells_are_short(nb):
    long = [
        f"cell {i} ({c.get('id')}): {len(source(c).splitlines())} lines"
        for i, c in enumerate(cells(nb))
        if c["cell_type"] == "code" and len(source(c).splitlines()) > MAX_CHAPTER_CODE_LINES
    ]
    assert not long, (
        f"{nb.name}: code cells longer than {MAX_CHAPTER_CODE_LINES} lines (move the "
        f"logic into nhsreform.charts or the model module): {'; '.join(long)}"
    )


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_model_imports_use_full_names(nb):
    aliased = re.findall(r"from nhsreform\.models import \w+ as \w+", code(nb))
    assert not aliased, f"{nb.name}: import models by their full name, not {aliased}"


@pytest.mark.parametrize("nb", [*EXERCISES, TEMPLATES / "exercise.ipynb"], ids=lambda p: p.name)
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
        window = src[call.end() : call.end() + 800]
        assert "alt=" in window, "every figure is shown with alt text"
    assert "plt.show()" not in src, "figures go through show_figure (alt text), not plt.show()"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_no_network_and_no_file_writing(nb):
    src = code(nb)
    for pattern in (
        r"https?://",
        r"urlopen",
        r"requests\.",
        r"read_csv\(\s*['\"]http",
        r"\.to_csv\(",
        r"\.savefig\(",
        r"\bopen\(",
        r"\.to_excel\(",
    ):
        assert not re.search(pattern, src), f"{nb.name}: {pattern}"


@pytest.mark.parametrize("nb", [*NOTEBOOKS, *sorted(TEMPLATES.glob("*.ipynb"))], ids=lambda p: p.name)
def test_markdown_follows_the_house_rules(nb):
    """One heading per markdown cell, at most 700 words, prose broken at sentences and short
    lines (see nhsreform/authoring.py; `python -m nhsreform.authoring <notebook>` fixes it)."""
    from nhsreform.authoring import problems

    found = problems(nb)
    assert not found, (
        "\n".join(found) + f"\nfix: .venv/bin/python -m nhsreform.authoring {nb.relative_to(ROOT)}"
    )
