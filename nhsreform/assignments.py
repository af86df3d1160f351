"""The exercises as gradable assignments for nbgrader and Otter-Grader, written from the exercise
notebooks themselves (``python -m nhsreform assignments``): no second copy of any task, answer or
check.

**nbgrader** (:func:`nbgrader_notebook`): a *source* assignment, which ``nbgrader
generate_assignment`` turns into the version students get. For each task (:mod:`nhsreform.grading`):

- a task marked automatically becomes an *autograded answer* cell: the stub the student replaces
  (``answer = None  # your code here``), the worked solution between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` (nbgrader leaves it out of the students' version), and the book's own
  ``check`` calls, so students see the same feedback as in the book; then, for each check, an
  *autograder tests* cell worth the task's marks shared between its checks: a visible test (an
  answer is there) and a hidden one (the course's check, whose message is the failure's);
- a task marked by hand becomes a *manually graded answer* cell holding the stub and the worked
  solution, worth the task's marks; a written answer ("what the data cannot tell you", the
  capstone's briefing) becomes a manually graded *Markdown* answer cell holding its marking guide
  and model answer, which nbgrader replaces with "YOUR ANSWER HERE" in the students' version.

The prose is the student copies' (:func:`nhsreform.student_copies.student_version` without the
no-code route): no passage that gives a result away. The set-up cell and the given code stay as
they are. The course's ``nbgrader_config.py`` (:data:`NBGRADER_CONFIG`) sets nbgrader's stub for
a removed solution to a comment, so a student's untouched notebook runs to the end (each check
says "Not answered yet") and scores zero without an error that stops grading.

**Otter-Grader** (:func:`otter_notebook`): a master notebook in Otter Assign's format, made from
the nbgrader version: an assignment configuration cell, then each task as a question with its
marks (``manual: true`` for a task marked by hand; a written answer's marking guide is its
Markdown solution, which Otter replaces with a cell to type the answer in), its solution block,
and, for a task marked automatically, Otter's exception-based tests per check: a public one (an
answer is there, no marks) and a hidden one (the book's check, its message the failure's).
``otter assign`` makes the students' version (the solutions replaced by ``...``, which runs) and
the autograder zip that ``otter run`` grades with, locally.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat

from .grading import CHECK_CALL, Task, guide_text, tasks
from .instructor_guide import plain_markdown
from .student_copies import exercise_notebooks, student_version

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
NBGRADER_CONFIG = """\
# nbgrader settings for the course's exercises (written by python -m nhsreform assignments).
c = get_config()  # noqa: F821
c.CourseDirectory.root = "."
# A removed solution leaves a comment, not `raise NotImplementedError()`: the students' version
# runs to the end, each check saying "Not answered yet", and an untouched notebook scores zero.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
"""


def _meta(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: float | None = None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _solution_body(source: str) -> str:
    """A worked solution without its ``# Solution`` line and without its check calls (the answer
    cell makes those)."""
    lines = source.strip("\n").splitlines()[1:]
    kept = [line for line in lines if not CHECK_CALL.search(line)]
    return "\n".join(kept).strip("\n")


def _written_answer_cell(nb, task: Task, grade_id: str):
    """A written answer as nbgrader's manually graded Markdown answer cell: in the source version,
    the marking guide (shown to whoever marks it); in the students' version, nbgrader's stub."""
    guide = "\n\n".join(plain_markdown(guide_text(nb.cells[k].source)) for k in task.guides)
    cell = nbformat.v4.new_markdown_cell(guide)
    cell.metadata["nbgrader"] = _meta(grade_id, solution=True, grade=True, locked=False, points=task.marks)
    return cell


def _answer_cell(nb, task: Task, exercise: str):
    if task.written:
        return _written_answer_cell(nb, task, f"{exercise}-task{task.number}")
    stubs, calls = [], []
    for k in task.answers:
        for line in nb.cells[k].source.splitlines():
            (calls if CHECK_CALL.search(line) else stubs).append(line)
    solutions = "\n\n".join(_solution_body(nb.cells[k].source) for k in task.solutions)
    source = "\n".join([*stubs, BEGIN, solutions, END, *calls]).strip("\n")
    cell = nbformat.v4.new_code_cell(source)
    grade_id = f"{exercise}-task{task.number}"
    if task.by_hand:
        cell.metadata["nbgrader"] = _meta(
            grade_id, solution=True, grade=True, locked=False, points=task.marks
        )
    else:
        cell.metadata["nbgrader"] = _meta(grade_id, solution=True, grade=False, locked=False)
    return cell


def _test_cells(task: Task, exercise: str) -> list:
    cells = []
    share = task.marks / len(task.checks)
    points = int(share) if share == int(share) else round(share, 4)
    unanswered = f"{task.label}: not answered yet: replace None with your answer."
    for name, variable in task.checks:
        worth = f", worth {points} of its {task.marks} marks" if len(task.checks) > 1 else ""
        plural = "s" if task.marks != 1 else ""
        source = "\n".join(
            [
                f"# {task.label} ({task.marks} mark{plural}): the book's check {name!r}{worth}.",
                f"assert {variable} is not None, {unanswered!r}",
                HIDDEN_BEGIN,
                "from nhsreform.grading import grade",
                "",
                f'passed, feedback = grade(check, "{name}", {variable})',
                f'assert passed, "{task.label}: " + feedback',
                HIDDEN_END,
            ]
        )
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = _meta(
            f"{exercise}-task{task.number}-{name}", solution=False, grade=True, locked=True, points=points
        )
        cells.append(cell)
    return cells


def nbgrader_notebook(path: Path):
    """The nbgrader source version of the exercise notebook at ``path``."""
    path = Path(path)
    original = nbformat.read(path, as_version=4)
    found = tasks(original, path.name)
    exercise = assignments_prefix(path)
    by_cell = {}
    for task in found:
        first = min(task.answers + task.solutions)
        by_cell[first] = task
    skip = {k for task in found for k in task.answers + task.solutions + task.guides}
    # The prose of the student copies (the no-code route and result-giving passages left out),
    # taken cell by cell from the copy: its markdown cells are the original's, rewritten.
    copy = student_version(original, path.name, no_code_route=False)
    rewritten = {c.get("id"): c.source for c in copy.cells if c.cell_type == "markdown"}
    kept_ids = {c.get("id") for c in copy.cells}
    out = nbformat.v4.new_notebook(metadata=original.metadata)
    for k, cell in enumerate(original.cells):
        if k in by_cell:
            task = by_cell[k]
            out.cells.append(_answer_cell(original, task, exercise))
            if not task.by_hand:
                out.cells.extend(_test_cells(task, exercise))
            continue
        if k in skip or cell.get("id") not in kept_ids:
            continue
        new = nbformat.from_dict(cell)
        new.pop("id", None)
        if new.cell_type == "markdown":
            new.source = rewritten[cell.get("id")]
        else:
            new.outputs, new.execution_count = [], None
        out.cells.append(new)
    for k, cell in enumerate(out.cells):
        cell["id"] = f"c{k:03d}"
    return out


def _raw(text: str):
    return nbformat.v4.new_raw_cell(text)


def _otter_tests(task: Task) -> list:
    """Otter's exception-based tests for a task: per check, a public test (an answer is there,
    no marks) and a hidden one (the book's check, its message the failure's, the check's share of
    the task's marks)."""
    cells = []
    share = task.marks / len(task.checks)
    for name, variable in task.checks:
        for hidden in (False, True):
            # the public test only says an answer is there: the marks are the hidden test's
            points = round(share, 4) if hidden else 0
            if hidden:
                body = [
                    f"def test_{name}({variable}, check):",
                    "    from nhsreform.grading import grade",
                    "",
                    f'    passed, feedback = grade(check, "{name}", {variable})',
                    f'    assert passed, "{task.label}: " + feedback',
                    "",
                    "",
                    f"test_{name}({variable}, check)",
                ]
            else:
                body = [
                    f"def test_{name}_answered({variable}):",
                    f"    assert {variable} is not None, "
                    f'"{task.label}: not answered yet: replace None with your answer."',
                    "",
                    "",
                    f"test_{name}_answered({variable})",
                ]
            config = [
                '""" # BEGIN TEST CONFIG',
                f"points: {points}",
                f"hidden: {str(hidden).lower()}",
                '""" # END TEST CONFIG',
            ]
            cells.append(nbformat.v4.new_code_cell("\n".join(config + body)))
    return cells


def otter_notebook(path: Path):
    """The Otter-Grader master notebook (Otter Assign's format) of the exercise at ``path``: an
    assignment configuration, then each task as a question with its marks, its solution between
    ``# BEGIN SOLUTION`` and ``# END SOLUTION``, and, for a task marked automatically, the book's
    checks as tests (a public one that an answer is there, a hidden one that it is right)."""
    source = nbgrader_notebook(path)
    name = assignment_name(path)
    config = "\n".join(
        [
            "# ASSIGNMENT CONFIG",
            f"name: {name}",
            "init_cell: true",
            "check_all_cell: false",
            "export_cell: false",
            "run_tests: false",  # the tests run the solution through otter run instead
            "solutions_pdf: false",
            "generate: true",
            "tests:",
            "  ok_format: false",
        ]
    )
    out = nbformat.v4.new_notebook(metadata=source.metadata)
    out.cells.append(_raw(config))
    found = {
        f"{assignments_prefix(path)}-task{t.number}": t
        for t in tasks(nbformat.read(path, as_version=4), path.name)
    }
    for cell in source.cells:
        meta = cell.metadata.pop("nbgrader", None)
        if meta is None:
            out.cells.append(cell)
            continue
        if meta["grade"] and not meta["solution"]:
            continue  # nbgrader's test cells: Otter's are written with the answer
        task = found[meta["grade_id"]]
        question = ["# BEGIN QUESTION", f"name: task{task.number}", f"points: {task.marks}"]
        if task.by_hand:
            question.append("manual: true")
        out.cells.append(_raw("\n".join(question)))
        answer = nbformat.from_dict(cell)
        if answer.cell_type == "code":
            answer.source = answer.source.replace(BEGIN, "# BEGIN SOLUTION").replace(END, "# END SOLUTION")
        out.cells.extend([_raw("# BEGIN SOLUTION"), answer, _raw("# END SOLUTION")])
        if not task.by_hand:
            out.cells.append(_raw("# BEGIN TESTS"))
            out.cells.extend(_otter_tests(task))
            out.cells.append(_raw("# END TESTS"))
        out.cells.append(_raw("# END QUESTION"))
    for k, cell in enumerate(out.cells):
        cell["id"] = f"c{k:03d}"
    return out


def assignments_prefix(path: Path) -> str:
    return Path(path).stem.split("-")[0]


def _write_each(
    make: Callable,
    course: Path,
    folder_of: Callable[[Path], Path],
    chapters: Iterable[str] | None,
    progress: Callable[[str], None] | None,
) -> list[Path]:
    """Make every exercise's notebook with ``make`` (all are checked before any is written), then
    write each into its folder ``folder_of(path)``; return the notebooks written."""
    notebooks = [(path, make(path)) for path in exercise_notebooks(Path(course), chapters)]
    written = []
    for path, notebook in notebooks:
        folder = folder_of(path)
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, folder / path.name)
        written.append(folder / path.name)
        if progress:
            marks = sum(t.marks for t in tasks(nbformat.read(path, as_version=4), path.name))
            progress(f"{assignment_name(path)}: {path.name} ({marks} marks)")
    return written


def write_otter_masters(
    course: Path,
    out: Path,
    chapters: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write, for each exercise (or the chapters named), ``out/exNN/<exercise>.ipynb``: the
    Otter Assign master notebook (run ``otter assign`` on it). Returns the notebooks written."""
    return _write_each(otter_notebook, course, lambda p: Path(out) / assignment_name(p), chapters, progress)


def write_nbgrader_source(
    course: Path,
    out: Path,
    chapters: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write an nbgrader course folder ``out``: ``nbgrader_config.py`` and, for each exercise (or
    the chapters named), ``source/exNN/<notebook>.ipynb``. Returns the notebooks written."""
    exercise_notebooks(Path(course), chapters)  # an unknown chapter stops it before anything is written
    out = Path(out)
    written = _write_each(
        nbgrader_notebook, course, lambda p: out / "source" / assignment_name(p), chapters, progress
    )
    (out / "nbgrader_config.py").write_text(NBGRADER_CONFIG, encoding="utf-8")
    return written


def assignment_name(path: Path) -> str:
    """The assignment's name in nbgrader: ``ex01`` for exercise 1."""
    return "ex" + re.match(r"\d+", Path(path).name).group(0)


__all__ = [
    "NBGRADER_CONFIG",
    "assignment_name",
    "nbgrader_notebook",
    "write_nbgrader_source",
]
