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


def code(nb, *, setup: bool = True) -> str:
    """The notebook's code; ``setup=False`` leaves out the course set-up cell."""
    return "\n".join(
        source(c)
        for c in cells(nb)
        if c["cell_type"] == "code" and (setup or "course-setup" not in c["metadata"].get("tags", []))
    )


def test_there_are_chapters_and_exercises():
    assert CHAPTERS and EXERCISES


@pytest.mark.parametrize(
    "nb", [*NOTEBOOKS, *sorted((ROOT / "templates").glob("*.ipynb"))], ids=lambda p: p.name
)
def test_stored_without_outputs(nb):
    stored = [
        f"cell {i}: {source(c)[:60]!r}"
        for i, c in enumerate(cells(nb))
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]
    assert not stored, (
        f"{nb.name} was saved with outputs (JupyterLab saves them when you save after Run All), in "
        + "; ".join(stored[:3])
        + ". Clear them: .venv/bin/jupyter nbconvert --clear-output --inplace "
        + f"{nb.relative_to(ROOT)}  (or undo the change: git checkout -- {nb.relative_to(ROOT)})"
    )


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
        if c["cell_type"] == "code"
        and "course-setup" not in c["metadata"].get("tags", [])  # the set-up cell: removed from the book
        and len(source(c).splitlines()) > MAX_CHAPTER_CODE_LINES
    ]
    assert not long, (
        f"{nb.name}: code cells longer than {MAX_CHAPTER_CODE_LINES} lines (move the "
        f"logic into nhsreform.charts or the model module): {'; '.join(long)}"
    )


@pytest.mark.parametrize("nb", [*CHAPTERS, TEMPLATES / "chapter.ipynb"], ids=lambda p: p.name)
def test_chapter_code_is_hidden_from_readers(nb):
    """Chapters are read without code: in the book every code cell's input is removed (or, where
    seeing the code on request truly helps, hidden behind a toggle), and in JupyterLab the same
    cells open collapsed."""
    shown = []
    for i, c in enumerate(cells(nb)):
        if c["cell_type"] != "code":
            continue
        tags = c["metadata"].get("tags", [])
        if not {"remove-input", "hide-input", "remove-cell"} & set(tags):
            shown.append(f"cell {i} ({c.get('id')}): tag it remove-input")
        if not c["metadata"].get("jupyter", {}).get("source_hidden"):
            shown.append(f"cell {i} ({c.get('id')}): set metadata.jupyter.source_hidden")
    assert not shown, f"{nb.name}: code visible to readers: {'; '.join(shown)}"


#: Phrases that talk to the reader about the authors' notes. They belong only inside a
#: collapsible "About the sources" note, written for students.
SOURCE_NOTE_PHRASES = (
    "the course's notes",
    "our notes",
    "the notes this course",
    "copy read for this course",
    "read for this course",
    "checked for this course",
    "the course's sources",
    "our sources",
    "the notes'",
)
_ABOUT_SOURCES = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{admonition\} About the sources[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
    re.S | re.M,
)


def outside_source_notes(text: str) -> str:
    return _ABOUT_SOURCES.sub("", text)


def test_source_note_phrases_are_found_outside_notes_only():
    text = (
        "The report says so.\n\n```{admonition} About the sources\n:class: dropdown note\n"
        "Our notes show only the abstract.\n```\n\nThe copy read for this course is cut.\n"
    )
    left = outside_source_notes(text).lower()
    assert "our notes" not in left and "copy read for this course" in left


@pytest.mark.parametrize("nb", [*CHAPTERS, TEMPLATES / "chapter.ipynb"], ids=lambda p: p.name)
def test_source_notes_stay_in_about_the_sources_boxes(nb):
    """Honesty about what could be checked lives in one collapsible "About the sources" note per
    section; the main text states what is known, attributed to its source."""
    found = []
    for i, c in enumerate(cells(nb)):
        if c["cell_type"] != "markdown":
            continue
        left = outside_source_notes(source(c)).lower()
        found += [f"cell {i} ({c.get('id')}): {p!r}" for p in SOURCE_NOTE_PHRASES if p in left]
    assert not found, f"{nb.name}: move these into an 'About the sources' note: {'; '.join(found)}"
    for block in _ABOUT_SOURCES.finditer(markdown(nb)):
        assert re.match(r":class: dropdown", block["body"]), "an 'About the sources' note is collapsible"


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
    """No notebook reaches the network or writes files. The one exception is the set-up cell,
    which installs the course package only where it is missing (Colab); see
    tests/test_environments.py."""
    src = code(nb, setup=False)
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
def test_first_code_cell_is_the_current_set_up_cell(nb):
    """Every notebook starts with the one set-up cell (nhsreform/notebook_setup.py), so it finds
    the course package on a hub, on Binder, from a wheel and on Colab."""
    from nhsreform import notebook_setup

    first = next(c for c in cells(nb) if c["cell_type"] == "code")
    assert source(first) == notebook_setup.setup_cell_source(), (
        f"{nb.name}: stamp the current set-up cell: .venv/bin/python -m nhsreform.notebook_setup"
    )
    assert {"remove-cell", "course-setup"} <= set(first["metadata"]["tags"])


@pytest.mark.parametrize("nb", [*NOTEBOOKS, *sorted(TEMPLATES.glob("*.ipynb"))], ids=lambda p: p.name)
def test_markdown_follows_the_house_rules(nb):
    """One heading per markdown cell, at most 700 words, prose broken at sentences and short
    lines (see nhsreform/authoring.py; `python -m nhsreform.authoring <notebook>` fixes it)."""
    from nhsreform.authoring import problems

    found = problems(nb)
    assert not found, (
        "\n".join(found) + f"\nfix: .venv/bin/python -m nhsreform.authoring {nb.relative_to(ROOT)}"
    )


# Exercises for students without Python (issue 7): a no-code route at the top of each exercise,
# the data as downloads, and no "not answered yet" boxes on the web page.


def _is_solution(c) -> bool:
    return c["cell_type"] == "code" and source(c).lstrip().startswith("# Solution")


def _stem(nb) -> str:
    return re.search(r"from nhsreform\.checks\.(ch\d\d) import check", code(nb)).group(1)


def _section(nb, heading: str) -> list:
    """The cells from a level-2 heading up to the next level-2 heading."""
    out, inside = [], False
    for c in cells(nb):
        text = source(c)
        if c["cell_type"] == "markdown" and re.match(r"## ", text):
            inside = text.startswith(heading)
        if inside:
            out.append(c)
    return out


@pytest.mark.parametrize("nb", [*EXERCISES, TEMPLATES / "exercise.ipynb"], ids=lambda p: p.name)
def test_exercise_stub_cells_show_no_output_in_the_book(nb):
    """A stub's check says "not answered yet" in the notebook; on the web page that box would read
    like an error, so every stub cell (task code with a check, not a solution) drops its output."""
    stubs = [
        c for c in cells(nb) if c["cell_type"] == "code" and "check(" in source(c) and not _is_solution(c)
    ]
    assert len(stubs) >= 3
    for c in stubs:
        assert "remove-output" in c["metadata"].get("tags", []), source(c)[:80]


@pytest.mark.parametrize("nb", EXERCISES, ids=lambda p: p.name)
def test_exercise_has_a_no_code_route_before_the_tasks(nb):
    import yaml

    stem = _stem(nb)
    section = _section(nb, "## If you are not using Python")
    assert section, "a section '## If you are not using Python'"
    order = [source(c) for c in cells(nb)]
    first_task = next(i for i, s in enumerate(order) if s.startswith("### Task"))
    assert order.index(source(section[0])) < first_task, "the no-code route comes before the tasks"
    blocks = [c for c in section if c["cell_type"] == "code"]
    text = "\n".join(source(c) for c in section)
    for c in blocks:
        assert "remove-input" in c["metadata"].get("tags", []), source(c)[:60]
        assert c["metadata"].get("jupyter", {}).get("source_hidden"), source(c)[:60]
        assert len(source(c).splitlines()) <= MAX_CHAPTER_CODE_LINES, source(c)[:60]
    assert "show_figure(" in text and "datasets=" in text, "charts shown openly, crediting the data"
    assert "key_numbers()" in text, "the key numbers shown openly"
    assert f'show_quiz("{stem}-exercise")' in text
    manifest = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    exercise = next(ch["exercise"] for ch in manifest["chapters"] if ch["stem"] == stem)
    assert exercise.get("quiz") == f"{stem}-exercise"
    downloads = re.findall(r"\{download\}`[^`<]*<\.\./nhsreform/datasets/([\w.]+)>`", text)
    for name in exercise["datasets"]:
        assert f"{name}.csv" in downloads and f"{name}.md" in downloads, f"download of {name} and its card"
    for target in downloads:
        assert (ROOT / "nhsreform" / "datasets" / target).is_file(), target
    assert re.search(r"Excel|LibreOffice|Google Sheets", text) and "licen" in text.lower()


@pytest.mark.parametrize("nb", [*EXERCISES, TEMPLATES / "exercise.ipynb"], ids=lambda p: p.name)
def test_exercise_says_once_that_the_tasks_need_python(nb):
    section = _section(nb, "## If you are using Python")
    assert section, "a section '## If you are using Python' before the tasks"
    note = source(section[0])
    assert "```{note}" in note and "need Python" in note and "{doc}`../students`" in note
    order = [source(c) for c in cells(nb)]
    assert order.index(note) < next(i for i, s in enumerate(order) if s.startswith("### Task"))


@pytest.mark.parametrize("nb", [*NOTEBOOKS, *sorted(TEMPLATES.glob("*.ipynb"))], ids=lambda p: p.name)
def test_cells_hidden_in_the_book_are_collapsed_in_jupyterlab(nb):
    """What the book hides, JupyterLab shows collapsed: an instructor projecting the notebook does
    not scroll past set-up or plotting code."""
    open_ = [
        f"cell {i} ({c.get('id')})"
        for i, c in enumerate(cells(nb))
        if c["cell_type"] == "code"
        and {"hide-input", "remove-input", "hide-cell", "remove-cell"} & set(c["metadata"].get("tags", []))
        and not c["metadata"].get("jupyter", {}).get("source_hidden")
    ]
    assert not open_, f"{nb.name}: set metadata.jupyter.source_hidden on {', '.join(open_)}"
