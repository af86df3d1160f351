"""Student copies of the exercises (``python -m nhsreform student-copies``, and the older
``scripts/make_student_notebooks.py``): no worked solution, no sentence pointing to one, and each
copy still runs top to bottom with every check saying "Not answered yet"."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from nhsreform import answer_keys
from nhsreform.student_copies import (
    StudentCopyError,
    is_no_code_route,
    is_solution,
    solution_mentions,
    student_markdown,
    student_version,
    write_student_copies,
)

from .conftest import ROOT

EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("route", [True, False], ids=["with-route", "without-route"])
@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_student_copy_has_no_solutions_and_runs(path, route, tmp_path):
    """Also without the no-code route: the tasks need nothing its cells define."""
    (written,) = write_student_copies(ROOT, tmp_path, [path.name[:2]], no_code_route=route)
    assert written == tmp_path / path.name
    student = nbformat.read(written, as_version=4)
    original = nbformat.read(path, as_version=4)
    solutions = [c for c in original.cells if is_solution(c)]
    assert solutions, "the exercise has worked solutions to remove"
    for c in solutions:
        assert all(c.source != s.source for s in student.cells)
    # No prose that points to a solution the copy does not have (the book's page still has it).
    assert solution_mentions(original), "the exercise's own page mentions its worked solutions"
    assert solution_mentions(student) == []
    NotebookClient(
        student, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    checks = [
        o
        for c in student.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/plain" in o.get("data", {}) and "answered" in o["data"]["text/plain"]
    ]
    assert checks and all("Not answered yet" in o["data"]["text/plain"] for o in checks)


@pytest.mark.parametrize(
    ("source", "student"),
    [
        ("A.<!--solutions-->\nSee the solution.<!--/solutions-->\nB.", "A.\nB."),
        (
            "Plot it.<!--solutions--> Then compare\nwith the solution.<!--/solutions-->\nNext.",
            "Plot it.\nNext.",
        ),
        (
            "Plot it.<!--solutions--> (Compare with the solution.)<!--/solutions-->"
            "<!--no-solutions: (No automatic check.)-->",
            "Plot it. (No automatic check.)",
        ),
        ("A cell<!--solutions-->, and its solution<!--/solutions-->.", "A cell."),
        ("No markers here.", "No markers here."),
    ],
)
def test_solution_only_prose_is_left_out_and_student_only_prose_put_in(source, student):
    assert student_markdown(source) == student


def test_an_unmarked_mention_of_a_solution_is_found():
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("Try it.\nThen open the worked solution below. Done.")]
    )
    assert solution_mentions(nb) == ["Then open the worked solution below"]


def test_a_marker_never_breaks_a_paragraph():
    """A line that starts with a marker would open a CommonMark HTML block: the paragraph breaks
    and its text is shown as raw HTML, in the book and in JupyterLab (MyST uses markdown-it)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    broken = [
        f"{path.name} cell {k}: {token.content[:80]!r}"
        for path in EXERCISES
        for k, cell in enumerate(nbformat.read(path, as_version=4).cells)
        if cell.cell_type == "markdown"
        for token in parser.parse(cell.source)
        if token.type == "html_block" and re.search(r"solutions|no-code-route", token.content)
    ]
    # Inside a MyST directive (a fence to CommonMark) too: no line starts with a marker.
    broken += [
        f"{path.name} cell {k}: {line[:80]!r}"
        for path in EXERCISES
        for k, cell in enumerate(nbformat.read(path, as_version=4).cells)
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if re.match(r"\s*<!--\s*/?\s*(no-)?(solutions|code-route)", line)
    ]
    assert broken == []


def test_a_cell_tagged_solution_is_left_out_and_code_is_kept():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("Task 1."),
            nbformat.v4.new_code_cell("answer = None"),
            nbformat.v4.new_code_cell("# Solution\nanswer = 42"),
            nbformat.v4.new_markdown_cell("The answer is 42.", metadata={"tags": ["solution"]}),
            nbformat.v4.new_markdown_cell("Task 2."),
        ]
    )
    student = student_version(nb)
    assert [c.source for c in student.cells] == ["Task 1.", "answer = None", "Task 2."]


def _command(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nhsreform", "student-copies", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_writes_the_chosen_copies_and_says_what_it_did(tmp_path):
    run = _command("--chapter", "ch01", "07", "--out", str(tmp_path / "copies"))
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in (tmp_path / "copies").iterdir())
    assert names == [EXERCISES[0].name, EXERCISES[6].name]
    assert "solution cells left out" in run.stderr and "2 student copies written" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--chapter", "ch99"], "no exercise for chapter 'ch99' (there are: ch01, "),
        (["--chapter", "intro"], "no exercise for chapter 'intro'"),
        (["--course", "{tmp}"], "has no exercise notebooks: is "),
        (["--out-is-a-file"], "is a file, not a folder"),
        (["--out-is-empty"], "the output folder is empty"),
        (["--out-is-the-exercises"], "is the exercises' own folder"),
    ],
)
def test_the_command_names_what_is_wrong(tmp_path, args, message):
    out = tmp_path / "out"
    if args == ["--out-is-a-file"]:
        out.write_text("not a folder")
        args = []
    elif args == ["--out-is-empty"]:
        out, args = "", []
    elif args == ["--out-is-the-exercises"]:  # in a copy of the course: nothing may be overwritten
        shutil.copytree(ROOT / "exercises", tmp_path / "course" / "exercises")
        out, args = tmp_path / "course" / "exercises", ["--course", str(tmp_path / "course")]
        before = {p.name: p.read_bytes() for p in out.glob("*.ipynb")}
    run = _command(*[a.format(tmp=tmp_path) for a in args], "--out", str(out))
    if "--course" in args and str(tmp_path / "course") in args:
        assert {p.name: p.read_bytes() for p in out.glob("*.ipynb")} == before
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("nhsreform student-copies: error: ") and message in run.stderr


def test_the_function_refuses_an_unknown_chapter_before_writing(tmp_path):
    with pytest.raises(StudentCopyError, match="no exercise for chapter 'ch13'"):
        write_student_copies(ROOT, tmp_path / "out", ["ch01", "ch13"])
    assert not (tmp_path / "out").exists()


def test_the_old_script_still_writes_every_copy(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_student_notebooks.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [p.name for p in EXERCISES]
    assert "If you are not using Python" in (tmp_path / EXERCISES[0].name).read_text(encoding="utf-8")


def test_the_old_script_leaves_out_the_no_code_route_when_asked(tmp_path):
    script = str(ROOT / "scripts" / "make_student_notebooks.py")
    run = subprocess.run(
        [sys.executable, script, str(tmp_path), "--without-no-code-route"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    for path in EXERCISES:
        assert "If you are not using Python" not in (tmp_path / path.name).read_text(encoding="utf-8")
    wrong = subprocess.run([sys.executable, script, "--no-such-flag"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "usage: make_student_notebooks.py" in wrong.stderr


def test_a_marker_written_another_way_stops_the_copy_naming_its_cell(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("Task 1."),
            nbformat.v4.new_markdown_cell("Plot it. <!-- solutions: -->Compare.<!-- /solutions -->"),
        ]
    )
    with pytest.raises(StudentCopyError, match=r"ex\.ipynb, cell 1: the marker '<!-- solutions: -->'"):
        student_version(nb, "ex.ipynb")


def test_a_hard_linked_copy_of_the_exercises_is_not_overwritten(tmp_path):
    course = tmp_path / "course"
    (course / "exercises").mkdir(parents=True)
    source = course / "exercises" / EXERCISES[0].name
    source.write_bytes(EXERCISES[0].read_bytes())
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / source.name).hardlink_to(source)
    with pytest.raises(StudentCopyError, match="exercises' own folder"):
        write_student_copies(course, tmp_path / "linked")
    assert source.read_bytes() == EXERCISES[0].read_bytes()


# Answers given away (review M4): a copy without the no-code route states no task's expected value
# in its prose. The values come from where the answer keys read them (each chapter's
# ``check.reference()``), written as a reader would meet them. Task statements are searched too (a
# later task must not restate an earlier task's answer); the data a task is given are not.

#: Values that may stand in a copy's prose, each with why it gives no answer away:
#: (exercise, text found, the phrase it stands in, or None for anywhere in the copy, reason).
ALLOWED = [
    ("03", "100", None, "an index's base (Task 9: 2007/08 = 100) and the total of a set of shares"),
    ("05", "10", "`year // 10 * 10`", "Task 3's formula for a row's decade, not Task 1's count"),
    (
        "10",
        "49",
        "choice now than in 2010: 40% against 49%",
        "a minister's words for a discussion question: the 2010 share offered a choice of hospital "
        "(given data), not Task 3's share of top ratings in 2015",
    ),
]


def _numbers(value: float, tolerance: float) -> set[str]:
    """``value`` as prose writes it at each precision its check accepts: 0 to 3 decimals, with and
    without a thousands separator, without its sign (the book writes "fell by 3.1" and "−0.27").
    A whole number needs two digits or more (a lone digit is everywhere)."""
    texts = set()
    for decimals in range(4):
        shown = round(value, decimals)
        if abs(shown - value) > tolerance + 1e-9:
            continue
        for text in (f"{abs(shown):.{decimals}f}", f"{abs(shown):,.{decimals}f}"):
            if decimals or len(text) >= 2:
                texts.add(text)
    return texts


def _answer_texts(check) -> set[str]:
    """The texts that would give ``check``'s expected answer away. A Series longer than the keys
    list in full is a column of results, not one answer: its values are not looked for."""
    expected = getattr(check, "expected", None)
    tolerance = getattr(check, "tolerance", 0.0) or 0.0
    if isinstance(expected, pd.DataFrame):  # rows to select: the first column names them
        values = [v for v in expected.iloc[:, 0] if isinstance(v, str)]
    elif isinstance(expected, pd.Series):
        values = list(expected) if len(expected) <= answer_keys.SERIES_SHOWN else []
    else:
        values = list(expected) if isinstance(expected, tuple) else [expected]
    texts = set()
    for v in values:
        if isinstance(v, str):
            texts.add(v)
        elif isinstance(v, pd.Timestamp):
            texts.add(f"{v:%B %Y}")
        elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            texts |= _numbers(float(v), tolerance)
    return texts


def _prose(nb):
    """``(cell number, text)`` of each markdown cell of copy ``nb`` that a student reads for the
    tasks: not the data they are given (a section "## The data"), nor the generated cell of terms
    and references (glossary.md's wording). Comments and links to references are taken out and
    white space made single."""
    in_data = False
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        if cell.source.startswith("#"):
            in_data = cell.source.startswith("## The data")
        if in_data or "remove-cell" in cell.metadata.get("tags", []):
            continue
        text = re.sub(r"<!--.*?-->|\]\(#ref-[^)]*\)", "]", cell.source, flags=re.S)
        # a task's number ("Task 10", "Tasks 5 and 6") is no answer
        text = re.sub(r"\bTasks?\s+\d+(?:(?:,|\s+and|\s+to|–)\s*\d+)*", "Task N", text)
        yield k, " ".join(text.split())


def _allowed(number: str, text: str, prose: str, start: int) -> bool:
    for where, value, phrase, _ in ALLOWED:
        if (where, value) != (number, text):
            continue
        if phrase is None:
            return True
        for m in re.finditer(re.escape(phrase), prose):
            if m.start() <= start < m.end():
                return True
    return False


def _given_away(path, copy) -> list[str]:
    """Each place where copy ``copy`` of exercise ``path`` states a check's expected value."""
    number = path.name[:2]
    reference = importlib.import_module(f"nhsreform.checks.ch{number}").check.reference()
    prose = list(_prose(copy))
    found = []
    for name, check in reference.items():
        for text in sorted(_answer_texts(check)):
            for k, cell in prose:
                for m in re.finditer(rf"(?<![\w.])(?<!\d,){re.escape(text)}(?!\w)(?![.,]\d)", cell):
                    if not _allowed(number, text, cell, m.start()):
                        where = cell[max(0, m.start() - 50) : m.end() + 30]
                        found.append(f"exercise {number}, cell {k}: {text!r} (check {name}) in '…{where}…'")
    return found


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_a_copy_without_the_no_code_route_gives_no_answer_away(path, tmp_path):
    (written,) = write_student_copies(ROOT, tmp_path, [path.name[:2]], no_code_route=False)
    found = _given_away(path, nbformat.read(written, as_version=4))
    assert not found, f"{len(found)} answers given away:\n" + "\n".join(found)


def test_every_allowed_value_is_still_there():
    """An entry of ALLOWED that no longer matches anything is dropped (the list stays short)."""
    for number, text, phrase, reason in ALLOWED:
        assert reason
        (path,) = [p for p in EXERCISES if p.name.startswith(number)]
        copy = student_version(nbformat.read(path, as_version=4), path.name, no_code_route=False)
        prose = " ".join(cell for _, cell in _prose(copy))
        assert re.search(rf"(?<![\w.]){re.escape(text)}(?!\w)", prose), (number, text)
        assert phrase is None or phrase in prose, (number, phrase)


def test_the_search_finds_an_answer_in_prose_but_not_in_the_data():
    path = next(p for p in EXERCISES if p.name.startswith("08"))
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("## The data\n\nReadmissions rose by 2.3 points."),
            nbformat.v4.new_markdown_cell(
                "## What the data can and cannot tell you\n\n- A rise of 2.3\n  points."
            ),
            nbformat.v4.new_markdown_cell("Delays rose 87.8% to February 2017; 3,801.2 beds; 23.3 or 2.30."),
        ]
    )
    found = _given_away(path, nb)
    assert [f.split(":")[0] + " " + f.split("'")[1] for f in found] == [
        "exercise 08, cell 2 3,801.2",
        "exercise 08, cell 2 87.8",
        "exercise 08, cell 1 2.3",
        "exercise 08, cell 2 2.30",
    ]


ROUTE_POINTERS = re.compile(r"(?:not using|without|with) Python|no-code|charts? above|table above", re.I)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_the_option_leaves_out_every_no_code_route_cell_and_the_default_keeps_them(path):
    original = nbformat.read(path, as_version=4)
    route = [c for c in original.cells if is_no_code_route(c)]
    assert route and route[0].source.startswith("## If you are not using Python")
    assert any("key_numbers()" in c.source for c in route), "the table of results is in the route"
    kept = student_version(original, path.name)
    without = student_version(original, path.name, no_code_route=False)
    assert [c.source for c in kept.cells if is_no_code_route(c)] == [c.source for c in route]
    assert not any(is_no_code_route(c) for c in without.cells)
    assert len(kept.cells) - len(without.cells) == len(route)
    everything = "\n".join(c.source for c in without.cells)
    assert "key_numbers" not in everything and "If you are using Python" not in everything
    # Nothing in the copy points to the section it leaves out.
    pointers = [
        f"cell {k}: {m.group(0)!r}"
        for k, c in enumerate(without.cells)
        if c.cell_type == "markdown"
        for m in ROUTE_POINTERS.finditer(re.sub(r"<!--.*?-->", "", c.source, flags=re.S))
    ]
    assert pointers == []


def test_the_command_leaves_out_the_no_code_route_when_asked(tmp_path):
    run = _command("--chapter", "ch07", "--without-no-code-route", "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert "solution and 5 no-code-route cells left out" in run.stderr
    student = nbformat.read(tmp_path / EXERCISES[6].name, as_version=4)
    assert not any(is_no_code_route(c) for c in student.cells)
    assert "--without-no-code-route" in _command("--help").stdout


def test_route_only_prose_is_left_out_with_the_route():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "**Time to learn:** 45 minutes<!--no-code-route--> (20 without Python)<!--/no-code-route-->."
            ),
            nbformat.v4.new_markdown_cell(
                "## If you are not using Python", metadata={"tags": ["no-code-route"]}
            ),
            nbformat.v4.new_markdown_cell("## If you are using Python\n\nThe tasks need Python."),
        ]
    )
    assert [c.source for c in student_version(nb, no_code_route=False).cells] == [
        "**Time to learn:** 45 minutes.",
        "The tasks need Python.",
    ]
    assert [c.source for c in student_version(nb).cells][
        0
    ] == "**Time to learn:** 45 minutes (20 without Python)."
