"""Student copies of the exercises (``python -m nhsreform student-copies``, and the older
``scripts/make_student_notebooks.py``): no worked solution, no sentence pointing to one, and each
copy still runs top to bottom with every check saying "Not answered yet"."""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from nhsreform.student_copies import (
    StudentCopyError,
    is_solution,
    solution_mentions,
    student_markdown,
    student_version,
    write_student_copies,
)

from .conftest import ROOT

EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_student_copy_has_no_solutions_and_runs(path, tmp_path):
    (written,) = write_student_copies(ROOT, tmp_path, [path.name[:2]])
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
        if token.type == "html_block" and "solutions" in token.content
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
